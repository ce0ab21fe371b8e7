"""Seed documents: the articles a user drops into ``seeds/`` to start a watch.

A watch begins from what the user already has: a copied article (``.txt``:
headline on the first line, then the text), a saved page (``.html``/``.htm``)
or a forwarded e-mail (``.eml``).  This module turns each file into a
:class:`SeedDocument` the pipeline can store like a crawled article, and
collects the links inside it (related articles) as pages worth fetching.

Copied text carries the outlet's furniture: the related-link box
("■ 팩플 ..." with URLs), the byline ("권유진 기자 kwen.yujin@..."), the
copyright line ("Copyright © 중앙일보. 무단전재 및 재배포 금지.") and a list of
other headlines ("- ... | 중앙일보").  These are removed from the body but
read for what they tell: authors, the outlet's name, links.

Dates are kept honest: a document that prints a full date ("입력 2024.09.29
15:00", "Published September 29, 2024") gets it; "29일" or "27일(현지시간)"
without month and year gives ``published_at = None``, never a guess.

Parsing is pure (:func:`parse_seed_document` takes the bytes); only
:func:`load_seed_documents` and :func:`read_seed_document` touch the disk.
Profiles (``*.toml``) share the folder and are not documents.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Optional
from urllib.parse import urljoin

from newsmon.pages.dates import parse_date
from newsmon.pages.language import detect_language

__all__ = [
    "SEED_SUFFIXES",
    "SeedDocument",
    "SeedError",
    "load_seed_documents",
    "parse_seed_document",
    "read_seed_document",
]

SEED_SUFFIXES = (".txt", ".html", ".htm", ".eml")
_MAX_TITLE = 400


class SeedError(Exception):
    """A seed file that cannot be used, worded as one line naming the file."""


@dataclass(frozen=True)
class SeedDocument:
    """One seed file, parsed."""

    path: str
    """File name, relative to the seeds folder."""
    key: str
    """``seed:<file name>``: stored as the article's url and canonical_url."""
    title: str
    """The headline."""
    body: str
    """The article text without the outlet's footer, link boxes and byline."""
    source_name: Optional[str]
    """The outlet ("중앙일보"), from the copyright line or headline suffixes; None when unknown."""
    authors: list[str] = field(default_factory=list)
    """Reporter names from the byline, without "기자" and e-mail addresses."""
    published_at: Optional[datetime] = None
    """Publication time (aware) when the document prints a full date; else None."""
    published_raw: Optional[str] = None
    """The date exactly as printed (or the e-mail Date header)."""
    language: Optional[str] = None
    """"ko" or "en" (None when neither can be told)."""
    links: list[str] = field(default_factory=list)
    """Every http(s) URL in the document, in order, without duplicates."""
    content_hash: str = ""
    """sha256 of the file's bytes (hex): a changed file is a new version."""


# ---------------------------------------------------------------- patterns

_URL_RE = re.compile(r"https?://[^\s<>\"'「」『』()\[\]{}]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?…·'\"’”"
# A line that is only a link, maybe behind a bullet or a short label ("Earlier: https://...").
_URL_ONLY_RE = re.compile(r"^\s*(?:[-•·▶►▷☞→]\s*)?(?:[^\s:：][^:：]{0,40}[:：]\s*)?https?://\S+\s*$", re.IGNORECASE)
_COPYRIGHT_RE = re.compile(
    r"(?:copyright|저작권자|ⓒ|©|\(c\)|무단\s*전재|재배포\s*금지|all rights reserved)", re.IGNORECASE
)
_COPYRIGHT_OWNER_RE = re.compile(
    r"(?:©|ⓒ|\(c\)|copyright)\s*(?:©|ⓒ|\(c\))?\s*(?:\d{4}(?:\s*-\s*\d{4})?\s*)?(?:by\s+)?"
    r"(?P<owner>[^.,|\n]+?)\s*(?:[.,|]|all rights|무단|$)",
    re.IGNORECASE,
)
# "- headline | 중앙일보": the outlet's list of other stories.
_HEADLINE_LIST_RE = re.compile(r"^[-•·▶►▷◆※]\s*.+\s\|\s*(?P<outlet>[^|]{1,30}?)\s*$")
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_KO_ROLE = r"(?:기자|특파원|선임기자|객원기자|인턴기자|논설위원|전문기자|에디터)"
# "권유진 기자 kwen.yujin@joongang.co.kr", "김철수·이영희 기자", "워싱턴=김철수 특파원"
_KO_BYLINE_UNIT = (
    r"(?:[가-힣]{1,6}\s?=\s?)?(?P<names>[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*)\s?" + _KO_ROLE + r"(?:\s*" + _EMAIL + r")?"
)
_KO_BYLINE_RE = re.compile(r"^(?:" + _KO_BYLINE_UNIT.replace("?P<names>", "") + r"[\s,·/]*)+$")
_KO_UNIT_RE = re.compile(_KO_BYLINE_UNIT)
# "By Jane Doe", "By Min-ji Lee and Tom Kim, Staff Writers": two to four capitalised
# words per name, so "By Tuesday, the deal..." is not a byline.
_EN_NAME = r"[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){1,3}"
_EN_BYLINE_RE = re.compile(
    rf"^By\s+(?P<names>{_EN_NAME}(?:\s*(?:,|and|&)\s*{_EN_NAME})*)\s*(?:[,|]\s*[^.]{{0,40}})?$"
)
_EN_ROLE_RE = re.compile(r"\b(?:Writers?|Reporters?|Correspondents?|Editors?|Staff|Contributors?|Columnist)\b")
_EMAIL_ONLY_RE = re.compile(r"^\s*" + _EMAIL + r"\s*$")
_DIVIDER_RE = re.compile(r"^[\s━─═=*_~\-–—·•]+$")
_BOX_START = ("■", "「", "▶", "☞", "[관련기사]", "관련기사", "[관련 기사]", "Related:", "Related articles")
_BOX_END = "」"
# Dates: only full dates (year, month, day) are candidates; "29일" is not.
_NUM_DATE = r"(?:19|20)\d{2}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*일?\.?(?:\s*\([월화수목금토일]\))?"
_TIME = r"(?:\s*(?:오전|오후|AM|PM|am|pm)?\s*\d{1,2}\s*(?::\s*\d{2}(?::\d{2})?|시(?:\s*\d{1,2}분)?))?"
_EN_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_EN_DATE = (
    rf"(?:{_EN_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}|\d{{1,2}}\s+{_EN_MONTH}\s+(?:19|20)\d{{2}})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*(?:KST|UTC|GMT|ET|EST|EDT))?)?"
)
_LABELLED_DATE_RE = re.compile(
    rf"(?P<raw>(?:기사\s*입력|입력|등록|송고|발행|게재|작성)\s*(?:일|일시|시간)?\s*[:：]?\s*{_NUM_DATE}{_TIME}"
    rf"|(?:Published|Posted|First published)(?:\s+on)?\s*:?\s*(?:{_EN_DATE}|{_NUM_DATE}{_TIME}))",
    re.IGNORECASE,
)
_MODIFIED_DATE_RE = re.compile(
    rf"(?P<raw>(?:수정|최종\s*수정|업데이트)\s*(?:일|일시|시간)?\s*[:：]?\s*{_NUM_DATE}{_TIME}"
    rf"|(?:Updated|Last updated|Modified)(?:\s+on)?\s*:?\s*(?:{_EN_DATE}|{_NUM_DATE}{_TIME}))",
    re.IGNORECASE,
)
_BARE_DATE_LINE_RE = re.compile(rf"^\s*(?P<raw>{_NUM_DATE}{_TIME}|{_EN_DATE})\s*$")


# ---------------------------------------------------------------- helpers


def _fail(name: str, problem: str) -> SeedError:
    return SeedError(f"{name}: {' '.join(str(problem).split())}")


def _decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), else CP949 (legacy Korean); garbage is an error."""
    if not data.strip():
        raise _fail(name, "empty file")
    if b"\x00" in data:
        raise _fail(name, "binary data (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            raise _fail(name, f"not UTF-8 or CP949 text (undecodable byte at offset {exc.start})") from None
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 100):
        raise _fail(name, "binary data (control characters), not a text document")
    return unicodedata.normalize("NFC", text)


def _links(text: str) -> list[str]:
    """Every http(s) URL in ``text``, in order, once."""
    out: list[str] = []
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(_URL_TRAIL)
        if url not in out and "://" in url and len(url) > len("https://x"):
            out.append(url)
    return out


def _merge_links(*groups: list[str]) -> list[str]:
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
    if _KO_BYLINE_RE.match(s):
        return [n for m in _KO_UNIT_RE.finditer(s) for n in re.split(r"\s*[·,]\s*", m.group("names"))]
    m = _EN_BYLINE_RE.match(s)
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
class _Cleaned:
    body: str
    authors: list[str]
    outlets: list[str]


def _clean_lines(lines: list[str]) -> _Cleaned:
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
        if _COPYRIGHT_RE.search(line) and len(line) < 200:
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
    return _Cleaned(body, authors, outlets)


def _outlet(outlets: list[str]) -> Optional[str]:
    if not outlets:
        return None
    return Counter(outlets).most_common(1)[0][0]


def _language(text: str) -> Optional[str]:
    lang = detect_language(text)
    return lang if lang in ("ko", "en") else None


def _printed_date(text: str, language: Optional[str]) -> tuple[Optional[datetime], Optional[str]]:
    """A full printed date: 입력/Published first, then 수정/Updated, then a date-only line."""
    tz = "Asia/Seoul" if language != "en" else "UTC"
    candidates: list[str] = [m.group("raw") for m in _LABELLED_DATE_RE.finditer(text)]
    candidates += [m.group("raw") for m in _MODIFIED_DATE_RE.finditer(text)]
    candidates += [
        m.group("raw") for line in text.splitlines()[:12] if (m := _BARE_DATE_LINE_RE.match(line))
    ]
    for raw in candidates:
        found = parse_date(raw, tz=tz)
        if found is not None:
            return found, raw.strip()
    return None, None


# ---------------------------------------------------------------- formats


def _parse_text(name: str, data: bytes) -> dict:
    text = _decode_text(name, data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise _fail(name, "empty file")
    title = " ".join(lines[first].split())
    if len(title) > _MAX_TITLE:
        raise _fail(name, f"the first line is {len(title)} characters: expected a headline on the first line")
    cleaned = _clean_lines(lines[first + 1:])
    if not cleaned.body:
        raise _fail(name, "no article text after the headline")
    language = _language(f"{title}\n{cleaned.body}")
    published_at, published_raw = _printed_date(text, language)
    body = _drop_date_lines(cleaned.body, published_raw)
    return {
        "title": title,
        "body": body,
        "source_name": _outlet(cleaned.outlets),
        "authors": cleaned.authors,
        "published_at": published_at,
        "published_raw": published_raw,
        "language": language,
        "links": _links(text),
    }


def _drop_date_lines(body: str, raw: Optional[str]) -> str:
    """Remove a line that is only the printed date ("입력 2024.09.29 15:00 수정 ...")."""
    if not raw:
        return body
    out = []
    for line in body.split("\n"):
        rest = line.replace(raw, "")
        rest = _MODIFIED_DATE_RE.sub("", rest)
        if raw in line and len(rest.strip(" |·/")) < 4:
            continue
        out.append(line)
    return "\n".join(out).strip()


def _html_links(html: str) -> tuple[Optional[str], list[str]]:
    """The page's canonical (or og:url) URL, and the links inside its <article>."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several types on junk; the extractor reports it
        return None, []
    canonical = None
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for value in tree.xpath(xpath):
            value = str(value).strip()
            if value.lower().startswith(("http://", "https://")):
                canonical = value
                break
        if canonical:
            break
    hrefs: list[str] = []
    for article in tree.xpath("//article"):
        for href in article.xpath(".//a/@href"):
            href = urljoin(canonical, str(href).strip()) if canonical else str(href).strip()
            if href.lower().startswith(("http://", "https://")) and href not in hrefs:
                hrefs.append(href.split("#", 1)[0])
    return canonical, hrefs


def _parse_html(name: str, key: str, data: bytes | str) -> dict:
    from newsmon.pages.encoding import decode_html
    from newsmon.pages.extract import extract_article

    if isinstance(data, bytes):
        if not data.strip():
            raise _fail(name, "empty file")
        if b"\x00" in data:
            raise _fail(name, "binary data (NUL bytes), not an HTML page")
        html, _ = decode_html(data, None)
    else:
        html = data
    if "<" not in html:
        raise _fail(name, "no HTML markup found")
    canonical, hrefs = _html_links(html)
    try:
        article = extract_article(html, canonical or key)
    except Exception as exc:  # noqa: BLE001 - any extractor failure is this file's problem
        raise _fail(name, f"cannot extract an article: {type(exc).__name__}: {exc}") from None
    title = " ".join((article.title or "").split())
    if not title:
        raise _fail(name, "no headline found in the page")
    cleaned = _clean_lines(article.body.split("\n"))
    if not cleaned.body:
        raise _fail(name, "no article text found in the page")
    language = article.language if article.language in ("ko", "en") else _language(f"{title}\n{cleaned.body}")
    published_at, published_raw = article.published_at, article.published_raw
    if published_at is None:
        published_at, published_raw = _printed_date(cleaned.body, language)
    outlets = ([article.site_name] if article.site_name else []) + cleaned.outlets
    return {
        "title": title,
        "body": cleaned.body,
        "source_name": outlets[0] if article.site_name else _outlet(outlets),
        "authors": list(article.authors) or cleaned.authors,
        "published_at": published_at,
        "published_raw": published_raw,
        "language": language,
        "links": _merge_links([canonical] if canonical else [], hrefs, _links(cleaned.body)),
    }


def _parse_email(name: str, key: str, data: bytes) -> dict:
    if not data.strip():
        raise _fail(name, "empty file")
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # noqa: BLE001 - the parser's errors vary by defect
        raise _fail(name, f"not an e-mail message: {exc}") from None
    assert isinstance(msg, EmailMessage)
    if msg.defects and not (msg["subject"] or msg["from"]):
        raise _fail(name, f"not an e-mail message ({type(msg.defects[0]).__name__})")
    subject = " ".join(str(msg["subject"] or "").split())
    if not subject and not msg["from"]:
        raise _fail(name, "not an e-mail message (no Subject or From header)")
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise _fail(name, "the e-mail has no text or HTML part")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError) as exc:
        raise _fail(name, f"cannot decode the e-mail body: {exc}") from None
    if not isinstance(content, str):
        raise _fail(name, "the e-mail body is not text")
    if part.get_content_subtype() == "html":
        doc = _parse_html(name, key, content)
        title = subject or doc["title"]
        body, authors, source, links = doc["body"], doc["authors"], doc["source_name"], doc["links"]
        printed = (doc["published_at"], doc["published_raw"])
    else:
        content = unicodedata.normalize("NFC", content.replace("\r\n", "\n"))
        cleaned = _clean_lines(content.split("\n"))
        title, body, authors, source = subject, cleaned.body, cleaned.authors, _outlet(cleaned.outlets)
        links = _links(content)
        printed = _printed_date(content, _language(content))
    if not title:
        raise _fail(name, "the e-mail has no Subject")
    if not body:
        raise _fail(name, "the e-mail body is empty")
    language = _language(f"{title}\n{body}")
    published_at, published_raw = None, None
    date_header = msg["date"]
    if date_header is not None:
        published_raw = str(date_header)
        published_at = getattr(date_header, "datetime", None)
        if published_at is not None and published_at.tzinfo is None:
            published_at = published_at.replace(tzinfo=timezone.utc)  # "-0000": UTC, sender zone unknown
    if published_at is None:
        published_at, published_raw = printed
    return {
        "title": title,
        "body": body,
        "source_name": source,
        "authors": authors,
        "published_at": published_at,
        "published_raw": published_raw,
        "language": language,
        "links": [u for u in links if "unsubscribe" not in u.lower()],
    }


# ---------------------------------------------------------------- public


def parse_seed_document(name: str, data: bytes) -> SeedDocument:
    """Parse one seed file's bytes; ``name`` is its file name (it picks the format).

    Raises :class:`SeedError` (one line, starting with the file name) for an
    empty, binary, undecodable or headline-less file.
    """
    suffix = Path(name).suffix.lower()
    key = f"seed:{name}"
    if suffix == ".txt":
        fields = _parse_text(name, data)
    elif suffix in (".html", ".htm"):
        fields = _parse_html(name, key, data)
    elif suffix == ".eml":
        fields = _parse_email(name, key, data)
    else:
        raise _fail(name, f"not a seed document (expected one of {', '.join(SEED_SUFFIXES)})")
    return SeedDocument(
        path=name,
        key=key,
        content_hash=hashlib.sha256(data).hexdigest(),
        **fields,
    )


def read_seed_document(path: Path, *, name: Optional[str] = None) -> SeedDocument:
    """Read and parse one seed file."""
    label = name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(label, f"cannot read: {exc.strerror or exc}") from None
    return parse_seed_document(label, data)


def load_seed_documents(seeds_dir: Path) -> list[SeedDocument]:
    """Every seed document in the folder (not profiles, not hidden files), sorted by file name."""
    folder = Path(seeds_dir)
    paths = sorted(
        (p for p in folder.iterdir() if p.suffix.lower() in SEED_SUFFIXES and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
    return [read_seed_document(p) for p in paths if p.is_file()]
