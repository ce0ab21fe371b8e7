"""The text of a seed document: the outlet's furniture taken out and read.

Copied articles carry a related-links box, the byline, the copyright line and a
list of other headlines.  :func:`clean_lines` removes them from the body but keeps
what they tell (authors, the outlet's name); :func:`printed_date` finds a full
printed date.  The patterns for labels, bylines and copyright lines are the
extractor's too (:mod:`newsmon.pages.labels`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from newsmon.pages.dates import parse_date
from newsmon.pages.labels import (COPYRIGHT_RE, EMAIL, EN_BYLINE_NAMES_RE, KO_BYLINE_LINE_RE, KO_BYLINE_UNIT_RE,
                                  PRINTED_DATE_RE, label_kind)
from newsmon.pages.language import detect_language

_URL_RE = re.compile(r"https?://[^\s<>\"'「」『』()\[\]{}]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?…·'\"’”"
# A line that is only a link, maybe behind a bullet or a short label ("Earlier: https://...").
_URL_ONLY_RE = re.compile(r"^\s*(?:[-•·▶►▷☞→]\s*)?(?:[^\s:：][^:：]{0,40}[:：]\s*)?https?://\S+\s*$", re.IGNORECASE)
_COPYRIGHT_OWNER_RE = re.compile(
    r"(?:©|ⓒ|\(c\)|copyright)\s*(?:©|ⓒ|\(c\))?\s*(?:\d{4}(?:\s*-\s*\d{4})?\s*)?(?:by\s+)?"
    r"(?P<owner>[^.,|\n]+?)\s*(?:[.,|]|all rights|무단|$)",
    re.IGNORECASE,
)
# "- headline | 중앙일보": the outlet's list of other stories.
_HEADLINE_LIST_RE = re.compile(r"^[-•·▶►▷◆※]\s*.+\s\|\s*(?P<outlet>[^|]{1,30}?)\s*$")
_EN_ROLE_RE = re.compile(r"\b(?:Writers?|Reporters?|Correspondents?|Editors?|Staff|Contributors?|Columnist)\b")
_EMAIL_ONLY_RE = re.compile(r"^\s*" + EMAIL + r"\s*$")
_DIVIDER_RE = re.compile(r"^[\s━─═=*_~\-–—·•]+$")
_BOX_START = ("■", "「", "▶", "☞", "[관련기사]", "관련기사", "[관련 기사]", "Related:", "Related articles")
_BOX_END = "」"


def find_links(text: str) -> list[str]:
    """Every http(s) URL in ``text``, in order, once."""
    out: list[str] = []
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(_URL_TRAIL)
        if url not in out and "://" in url and len(url) > len("https://x"):
            out.append(url)
    return out


def merge_links(*groups: list[str]) -> list[str]:
    out: list[str] = []
    for group in groups:
        for url in group:
            if url not in out:
                out.append(url)
    return out


def _copyright_owner(line: str) -> Optional[str]:
    m = _COPYRIGHT_OWNER_RE.search(line)
    if not m:
        return None
    owner = m.group("owner").strip(" .,&·-")
    owner = re.sub(r"\s*(?:&|and)\s+\S+\.(?:com|co\.kr|kr|net)\S*$", "", owner).strip()
    return owner or None


def _authors_from(line: str) -> Optional[list[str]]:
    """Names when ``line`` is a byline, else None."""
    s = line.strip()
    if KO_BYLINE_LINE_RE.match(s):
        return [n for m in KO_BYLINE_UNIT_RE.finditer(s) for n in re.split(r"\s*[·,]\s*", m.group("names"))]
    m = EN_BYLINE_NAMES_RE.match(s)
    if m:
        names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", m.group("names")) if n.strip()]
        return [n for n in names if not _EN_ROLE_RE.search(n)]
    return None


def _box_end(lines: list[str], start: int) -> Optional[int]:
    """Where a related-links box that starts at ``start`` ends (None: not a box)."""
    window = lines[start:start + 14]
    for off, line in enumerate(window):
        if off and line.strip().startswith(_BOX_END) or line.strip().endswith(_BOX_END):
            if any(_URL_RE.search(w) for w in window[: off + 1]):
                return start + off
    last_url = None
    for off, line in enumerate(window[1:], 1):
        if _URL_ONLY_RE.match(line):
            last_url = start + off
        elif len(line.strip()) > 90:
            break
    return last_url


@dataclass
class Cleaned:
    body: str
    authors: list[str]
    outlets: list[str]


def clean_lines(lines: list[str]) -> Cleaned:
    """Drop the outlet's furniture from article lines; keep what it tells."""
    authors: list[str] = []
    outlets: list[str] = []
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith(_BOX_START):
            end = _box_end(lines, i)
            if end is not None:
                i = end + 1
                continue
        if COPYRIGHT_RE.search(line) and len(line) < 200:
            owner = _copyright_owner(line)
            if owner:
                outlets.append(owner)
            i += 1
            continue
        headline = _HEADLINE_LIST_RE.match(line)
        if headline:
            outlets.append(headline.group("outlet").strip())
            i += 1
            continue
        names = _authors_from(line) if len(line) < 120 else None
        if names is not None:
            authors.extend(n for n in names if n not in authors)
            i += 1
            continue
        if _URL_ONLY_RE.match(line) or _EMAIL_ONLY_RE.match(line) or _DIVIDER_RE.match(line):
            i += 1
            continue
        kept.append(line)
        i += 1
    while kept and not kept[-1]:
        kept.pop()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(body, authors, outlets)


def outlet(outlets: list[str]) -> Optional[str]:
    if not outlets:
        return None
    return Counter(outlets).most_common(1)[0][0]


def text_language(text: str) -> Optional[str]:
    lang = detect_language(text)
    return lang if lang in ("ko", "en") else None


def printed_date(text: str, language: Optional[str]) -> tuple[Optional[datetime], Optional[str]]:
    """A full printed date: 입력/Published first, then 수정/Updated, then a date-only line."""
    tz = "Asia/Seoul" if language != "en" else "UTC"
    labelled = [(label_kind(m.group("label")), m.group(0)) for m in PRINTED_DATE_RE.finditer(text) if m.group("label")]
    candidates = [raw for kind, raw in labelled if kind == "pub"] + [raw for kind, raw in labelled if kind == "mod"]
    for line in text.splitlines()[:12]:
        m = PRINTED_DATE_RE.fullmatch(line.strip())
        if m and not m.group("label"):
            candidates.append(m.group(0))
    for raw in candidates:
        found = parse_date(raw, tz=tz)
        if found is not None:
            return found, raw.strip()
    return None, None


def drop_date_lines(body: str, raw: Optional[str]) -> str:
    """Remove a line that is only the printed date ("입력 2024.09.29 15:00 수정 ...")."""
    if not raw:
        return body
    out = []
    for line in body.split("\n"):
        rest = PRINTED_DATE_RE.sub("", line.replace(raw, ""))
        if raw in line and len(rest.strip(" |·/")) < 4:
            continue
        out.append(line)
    return "\n".join(out).strip()


