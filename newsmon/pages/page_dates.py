"""When the article was published and last modified, as the page states it.

Candidates come in a fixed order of trust -- JSON-LD, ``<meta>``, ``<time>``,
a date printed near the headline, the URL, the feed -- and the first plausible
one wins; the raw string and its source are kept so a bad value can be traced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newsmon.pages.dates import parse_date, parse_date_fields
from newsmon.pages.html_tree import clean_inline, element_text, is_chrome, text_lines
from newsmon.pages.labels import PRINTED_DATE_RE
from newsmon.pages.metadata import first_meta, ld_text

DateSource = str  # "jsonld" | "meta" | "time" | "printed" | "url" | "feed"

_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_META_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "og:published_time", "published_time", "pubdate", "publishdate", "publish-date", "publish_date",
    "article.published", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.created", "date", "nv:news:date", "ptime",
)
_META_MODIFIED_KEYS = (
    "article:modified_time", "og:article:modified_time", "article:modified", "datemodified",
    "og:updated_time", "article:updated_time", "modified_time", "lastmod", "last-modified",
    "dcterms.modified", "article.updated", "utime",
)
_URL_DATE_RES = (
    re.compile(r"/(20\d{2}|19\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=/|$|[^\d])"),
    re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d{1,1}\b)"),
)


@dataclass(frozen=True)
class _DateCandidate:
    source: DateSource
    published_raw: str | None
    published: datetime | None
    modified_raw: str | None
    modified: datetime | None


def _parse_dt(raw: str | None, tz: str, now: datetime) -> datetime | None:
    if not raw:
        return None
    raw = raw.strip()
    if _ISO_RE.match(raw):
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))
    return parse_date(raw, now=now, tz=tz)


def _candidate(source: DateSource, pub_raw: str | None, mod_raw: str | None, tz: str,
               now: datetime) -> _DateCandidate | None:
    pub_raw, mod_raw = clean_inline(pub_raw), clean_inline(mod_raw)
    if not pub_raw and not mod_raw:
        return None
    return _DateCandidate(source, pub_raw, _parse_dt(pub_raw, tz, now), mod_raw, _parse_dt(mod_raw, tz, now))


def _time_elements(tree: Any) -> tuple[str | None, str | None]:
    """(published, modified) ``datetime`` attributes of ``<time>`` outside page chrome."""
    explicit = plain = modified = None
    for el in tree.iter("time"):
        value = el.get("datetime")
        if not value or any(is_chrome(a) for a in el.iterancestors()):
            continue
        marker = " ".join([el.get("itemprop") or "", el.get("class") or "", el.get("id") or ""]).lower()
        if "modif" in marker or "updat" in marker:
            modified = modified or value
        elif "publish" in marker or el.get("pubdate") is not None:
            explicit = explicit or value
        else:
            plain = plain or value
    return explicit or plain, modified


def visible_lines(tree: Any) -> list[str]:
    """The page's visible lines outside menus, lists and other chrome."""
    body = tree.find("body")
    return text_lines(element_text(body, is_chrome)) if body is not None else []


def printed_snippet(page_lines: list[str], title: str | None) -> str | None:
    text = " ".join(page_lines)
    start, end = 0, len(text)
    if title:
        pos = text.find(title[:30])
        if pos >= 0:
            start, end = max(0, pos - 400), pos + 4000
    window = text[start:end]
    matches = list(PRINTED_DATE_RE.finditer(window))
    if not matches:
        return None
    labelled = [m for m in matches if m.group("label")]
    if labelled:
        first = labelled[0]
        snippet_end = first.end()
        for follow in labelled[1:]:
            if follow.start() - snippet_end > 80:
                break
            snippet_end = follow.end()
        return window[first.start():snippet_end].strip()
    return matches[0].group(0).strip()


def _url_date(url: str) -> str | None:
    parts = urlsplit(url)
    for pattern in _URL_DATE_RES:
        for target in (parts.path, parts.query):
            match = pattern.search(target)
            if match:
                year, month, day = (int(g) for g in match.groups())
                try:
                    datetime(year, month, day)
                except ValueError:
                    continue
                return match.group(0).strip("/")
    return None


def _url_date_value(raw: str, tz: str) -> datetime | None:
    digits = re.findall(r"\d+", raw)
    if len(digits) == 1:
        digits = [digits[0][:4], digits[0][4:6], digits[0][6:8]]
    try:
        return datetime(int(digits[0]), int(digits[1]), int(digits[2]), tzinfo=ZoneInfo(tz))
    except (ValueError, IndexError):
        return None


def date_candidates(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]],
                     url: str, title: str | None, hint: Mapping[str, Any] | None, tz: str,
                     now: datetime, page_lines: Callable[[], list[str]]) -> Iterator[_DateCandidate]:
    """Date candidates in order of trust, computed lazily."""
    if article is not None:
        cand = _candidate("jsonld", ld_text(article.get("datePublished")) or ld_text(article.get("dateCreated")),
                          ld_text(article.get("dateModified")), tz, now)
        if cand:
            yield cand
    pub, _ = first_meta(meta, *_META_PUBLISHED_KEYS)
    mod, _ = first_meta(meta, *_META_MODIFIED_KEYS)
    cand = _candidate("meta", pub, mod, tz, now)
    if cand:
        yield cand
    pub, mod = _time_elements(tree)
    cand = _candidate("time", pub, mod, tz, now)
    if cand:
        yield cand
    snippet = printed_snippet(page_lines(), title)
    if snippet:
        published, modified = parse_date_fields(snippet, now=now, tz=tz)
        if published is not None or modified is not None:
            yield _DateCandidate("printed", snippet if published else None, published,
                                 snippet if modified else None, modified)
    raw = _url_date(url)
    if raw:
        yield _DateCandidate("url", raw, _url_date_value(raw, tz), None, None)
    if hint:
        cand = _candidate("feed", hint.get("published_raw"), hint.get("updated_raw"), tz, now)
        if cand:
            yield cand


def _first_published(seen: list[_DateCandidate], horizon: datetime,
                     mod_value: datetime | None) -> _DateCandidate | None:
    for cand in seen:
        if cand.published is None or cand.published > horizon:
            continue
        if mod_value is not None and cand.published > mod_value:
            continue
        return cand
    return None


def resolve_dates(candidates: Iterator[_DateCandidate], now: datetime) -> dict[str, Any]:
    """Pick published/modified: higher trust wins unless the value is impossible.

    Stops pulling candidates once both choices are final, so the costly ones
    (the printed-date scan) run only when the trusted sources leave a gap.
    """
    horizon = now + timedelta(days=1)
    seen: list[_DateCandidate] = []
    modified = published = None
    for cand in candidates:
        seen.append(cand)
        if modified is None and cand.modified is not None and cand.modified <= horizon:
            modified = cand
        if modified is not None:
            # The modified choice is final, so the first fitting published one is too.
            published = _first_published(seen, horizon, modified.modified)
            if published is not None:
                break
    else:
        published = _first_published(seen, horizon, modified.modified if modified else None)
    mod_value = modified.modified if modified else None
    return {
        "published_at": published.published if published else None,
        "published_raw": published.published_raw if published else None,
        "published_source": published.source if published else None,
        "modified_at": mod_value,
        "modified_raw": modified.modified_raw if modified else None,
        "modified_source": modified.source if modified else None,
    }

