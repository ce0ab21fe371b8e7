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

from lxml import etree

from newsmon.pages.dates import parse_date, parse_date_fields
from newsmon.pages.html_tree import (clean_inline, element_text, is_chrome, is_elsewhere, is_other_story, squash_ws,
                                     text_content, text_lines)
from newsmon.pages.labels import PRINTED_DATE_RE
from newsmon.pages.metadata import first_meta, ld_text

DateSource = str  # "jsonld" | "meta" | "time" | "printed" | "url" | "script" | "feed" | "htmldate"
"""Where a date came from; "time" is any element marked as a date (``<time>``, microdata, RDFa, abbr.published)."""

_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_META_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "og:published_time", "published_time", "pubdate", "publishdate", "publish-date", "publish_date",
    "article.published", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.created", "schema:datepublished", "datecreated", "schema:datecreated", "dc:created",
    "dc:date", "dcterms:created", "dcterms:issued", "dcterms.date", "dc.date.created", "article.created",
    "citation_publication_date", "citation_online_date", "citation_date", "bepress_citation_date", "uploaddate",
    "date", "nv:news:date", "ptime",
)
_META_MODIFIED_KEYS = (
    "article:modified_time", "og:article:modified_time", "article:modified", "datemodified",
    "og:updated_time", "article:updated_time", "modified_time", "lastmod", "last-modified",
    "dcterms.modified", "article.updated", "utime", "schema:datemodified", "dc:modified", "dcterms:modified",
)
# Dates in a page's scripts (app state, analytics): a publication key with an ISO date.
_SCRIPT_DATE_RE = re.compile(
    r"""["'](?:datePublished|dateCreated|publishedDate|publishDate|published_at|publish_date|date_published"""
    r"""|pubDate|firstPublishedDate|uploadDate)["']\s*:\s*["'](\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)["']"""
)
_ARCHIVE_PREFIX_RE = re.compile(r"^https?://web\.archive\.org/web/\d{4,14}[a-z_]*/", re.IGNORECASE)
_COPYRIGHT_YEAR_RE = re.compile(r"copyrightyear", re.IGNORECASE)
# Elements whose microdata marks them as a date but give it as text (with a ``content``
# attribute they are read with the meta tags).  Looked for only when the page's source
# mentions one: an XPath over the whole tree costs more than the rest of the date search.
_ITEMPROP_DATES = etree.XPath("//*[@itemprop='datePublished' or @itemprop='dateCreated' or @itemprop='dateModified']")
_ITEMPROP_HINTS = ('itemprop="date', "itemprop='date", "itemprop=date")
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


def _date_elements(tree: Any, text: str) -> tuple[str | None, str | None]:
    """(published, modified) from elements marked as dates, outside page chrome.

    The value is the machine-readable attribute (``datetime``, ``content``, an abbr's
    ``title``) or else the element's own short text; "published"/"pubdate"/"created"
    marks the published date, "modified"/"updated" alone the modified one.
    """
    explicit = plain = modified = None
    elements = list(tree.iter("time", "abbr"))
    if any(hint in text for hint in _ITEMPROP_HINTS):
        elements += [el for el in _ITEMPROP_DATES(tree) if el.tag not in ("time", "abbr", "meta")]
    for el in elements:
        marker = " ".join([el.get("itemprop") or "", el.get("property") or "", el.get("class") or "",
                           el.get("id") or ""]).lower()
        if el.tag == "abbr":
            if not el.get("title") or "publish" not in marker and "date" not in marker and "updated" not in marker:
                continue  # an abbreviation, not a date
            value = el.get("title")
        else:
            value = el.get("datetime") or el.get("content")
            if not value:
                value = squash_ws(text_content(el)).strip()
                value = value if 0 < len(value) <= 100 else None
        if not value:
            continue
        marked = "publish" in marker or "created" in marker or el.get("pubdate") is not None
        outside = is_other_story if marked else is_elsewhere
        if any(outside(a) for a in el.iterancestors()):
            continue
        if marked:
            explicit = explicit or value
            if "updat" in marker or "modif" in marker:
                modified = modified or value
        elif "modif" in marker or "updat" in marker:
            modified = modified or value
        else:
            plain = plain or value
    return explicit or plain, modified


def _script_date(tree: Any) -> str | None:
    for script in tree.iter("script"):
        text = script.text
        if text and ("ate" in text or "ublish" in text):  # every key below holds one
            match = _SCRIPT_DATE_RE.search(text)
            if match:
                return match.group(1)
    return None


def visible_lines(tree: Any) -> list[str]:
    """The page's visible lines outside menus, lists and other chrome."""
    body = tree.find("body")
    return text_lines(element_text(body, is_chrome)) if body is not None else []


# An unlabelled date counts only on a short line (a dateline, a byline); in prose it is
# the date of what the story is about ("the final is on 30 July 2023"), not of the story.
_DATELINE_MAX = 100


def _on_short_line(text: str, match: re.Match[str]) -> bool:
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return (len(text) if end < 0 else end) - start <= _DATELINE_MAX


def printed_snippet(page_lines: list[str], title: str | None) -> str | None:
    """The date text printed near the headline.

    Labelled dates ("입력 ... 수정 ...", "Published ...") first; else a date standing on
    a short line, the nearest below the headline, then the nearest above it.  A date
    inside the headline itself ("Results, 19.5.2007") is what the story is about.
    """
    text = "\n".join(page_lines)
    start, end = 0, len(text)
    head = None
    if title:
        pos = text.find(title[:30])
        if pos >= 0:
            start, end = max(0, pos - 400), pos + 4000
            head = (pos - start, pos - start + len(title))
    window = text[start:end]
    matches = [m for m in PRINTED_DATE_RE.finditer(window) if not (head and head[0] <= m.start() < head[1])]
    labelled = [m for m in matches if m.group("label")]
    if labelled:
        first = labelled[0]
        snippet_end = first.end()
        for follow in labelled[1:]:
            if follow.start() - snippet_end > 80:
                break
            snippet_end = follow.end()
        return window[first.start():snippet_end].replace("\n", " ").strip()
    datelines = [m for m in matches if _on_short_line(window, m)]
    if head:
        datelines = [m for m in datelines if m.start() >= head[1]] + [m for m in reversed(datelines)
                                                                         if m.start() < head[0]]
    return datelines[0].group(0).replace("\n", " ").strip() if datelines else None


def _url_date(url: str) -> str | None:
    # An archived copy's address holds the capture time: read the original address inside it.
    parts = urlsplit(_ARCHIVE_PREFIX_RE.sub("", url))
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


def _htmldate(text: str, url: str, *, quick: bool = True, extensive: bool = False) -> str | None:
    """htmldate's reading of the page, without its guesses.

    Its quick mode reads the markup; its one guess there (a ``copyrightYear`` meta read
    as January 1st) is refused.  Its extensive search reads the page's text; any first
    of a month it returns is refused: that is how it reports a copyright year, a bare year
    or a year and month.  The price is a real first-of-the-month date missed on pages
    that print nothing else.
    """
    import htmldate  # imported lazily: only pages whose own markup and text give no date need it

    if text.startswith("http"):
        text = "\n" + text  # htmldate downloads a string that looks like a URL; this is a page
    if quick:
        found = htmldate.find_date(text, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
        if found and not (found.endswith("-01-01") and _COPYRIGHT_YEAR_RE.search(text)):
            return found
    if extensive:
        found = htmldate.find_date(text, url=url, extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
        if found and not found.endswith("-01"):
            return found
    return None


def _printed_candidate(snippet: str | None, tz: str, now: datetime) -> _DateCandidate | None:
    if not snippet:
        return None
    published, modified = parse_date_fields(snippet, now=now, tz=tz)
    if published is None and modified is None:
        return None
    return _DateCandidate("printed", snippet if published else None, published, snippet if modified else None, modified)


def date_candidates(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]],
                    url: str, title: str | None, hint: Mapping[str, Any] | None, tz: str,
                    now: datetime, page_lines: Callable[[], list[str]], text: str) -> Iterator[_DateCandidate]:
    """Date candidates in order of trust, computed lazily.

    JSON-LD, meta tags, date-marked elements, a labelled printed date, the URL; then,
    while no published date is known, htmldate's reading of the markup before a date
    printed without a label (the weakest reading of the page's own); dates in scripts,
    the feed's; and when there is still nothing, htmldate's search of the text.
    """
    found = False
    for cand in _structured(tree, article, meta, tz, now, text):
        found = found or cand.published is not None
        yield cand
    snippet = printed_snippet(page_lines(), title)
    printed = _printed_candidate(snippet, tz, now)
    head = PRINTED_DATE_RE.match(snippet) if printed is not None and snippet else None
    labelled = head is not None and head.group("label") is not None
    if printed is not None and labelled:
        found = found or printed.published is not None
        yield printed
    raw = _url_date(url)
    if raw:
        found = True
        yield _DateCandidate("url", raw, _url_date_value(raw, tz), None, None)
    quick_tried = False
    if printed is not None and not labelled:
        if not found:
            quick_tried = True
            cand = _candidate("htmldate", _htmldate(text, url), None, tz, now)
            if cand:
                found = True
                yield cand
        found = found or printed.published is not None
        yield printed
    for cand in (_candidate("script", _script_date(tree), None, tz, now),
                 _candidate("feed", hint.get("published_raw"), hint.get("updated_raw"), tz, now) if hint else None):
        if cand:
            found = found or cand.published is not None
            yield cand
    if not found:
        cand = _candidate("htmldate", _htmldate(text, url, quick=not quick_tried, extensive=True), None, tz, now)
        if cand:
            yield cand


def _structured(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]], tz: str,
                now: datetime, text: str) -> Iterator[_DateCandidate]:
    """Dates the page's markup states: JSON-LD, meta tags, date-marked elements."""
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
    pub, mod = _date_elements(tree, text)
    cand = _candidate("time", pub, mod, tz, now)
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
        if published is None:
            # Every published date is after the modified one: a post edited before it
            # was scheduled to go out.  The most trusted published date stands.
            published = _first_published(seen, horizon, None)
    mod_value = modified.modified if modified else None
    return {
        "published_at": published.published if published else None,
        "published_raw": published.published_raw if published else None,
        "published_source": published.source if published else None,
        "modified_at": mod_value,
        "modified_raw": modified.modified_raw if modified else None,
        "modified_source": modified.source if modified else None,
    }

