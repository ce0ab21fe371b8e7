"""Turn one fetched news page into a clean article record.

Alerts are only as good as the text and dates behind them: a body polluted
with "관련기사" lists and copyright footers skews relevance scoring and
near-duplicate detection, and a wrong published date puts an old story in
today's digest.  So every field comes from the most trustworthy source the page
offers, in a fixed, documented order, and the raw string and its source are
kept beside each parsed date so a bad value can be traced back.

The concerns live in their own modules: the tree and its visible text
(``html_tree``), meta tags and JSON-LD (``metadata``), the headline (``title``),
the body (``body``, ``boilerplate``), dates (``page_dates``, reading strings with
``dates``) and authors (``bylines``).  This module assembles them.

Pure and process-pool friendly: no I/O, no network, module-level functions only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from newsmon.pages.body import extract_body
from newsmon.pages.bylines import extract_authors, raw_authors_text
from newsmon.pages.encoding import decode_html
from newsmon.pages.html_tree import clean_inline, parse_tree
from newsmon.pages.language import detect_language
from newsmon.pages.metadata import collect_meta, first_meta, jsonld_objects, ld_text, pick_article, publisher_name
from newsmon.pages.page_dates import DateSource, date_candidates, resolve_dates, visible_lines
from newsmon.pages.title import extract_title
from newsmon.pages.urls import choose_canonical

__all__ = ["ExtractedArticle", "extract_article"]

@dataclass(frozen=True)
class ExtractedArticle:
    """What one news page says about its article."""

    url: str
    """The fetched URL, as given."""
    canonical_url: str
    """The canonical article URL (see :func:`newsmon.pages.urls.choose_canonical`)."""
    title: str | None
    """Headline without the outlet suffix."""
    body: str
    """The article's own text; paragraphs separated by a blank line."""
    description: str | None = None
    """Standfirst/summary from og:description, meta description or JSON-LD."""
    published_at: datetime | None = None
    """Publication time, timezone-aware."""
    published_raw: str | None = None
    """The published date exactly as found on the page (or in the feed)."""
    published_source: DateSource | None = None
    """Where ``published_at`` came from: jsonld, meta, time (a date-marked element), printed, url, script, feed or htmldate."""
    modified_at: datetime | None = None
    """Last modification time, timezone-aware."""
    modified_raw: str | None = None
    """The modified date as found."""
    modified_source: DateSource | None = None
    """Where ``modified_at`` came from."""
    authors: list[str] = field(default_factory=list)
    """Author names, deduplicated, without e-mail addresses or "기자" titles."""
    language: str | None = None
    """"ko", "en", another ISO 639-1 code from ``<html lang>``, or None."""
    site_name: str | None = None
    """The outlet's name (og:site_name, JSON-LD publisher)."""
    body_source: str | None = None
    """Which extractor produced the body: jsonld, container, density, trafilatura or description."""
    encoding: str | None = None
    """Codec the page was decoded with, when bytes were given."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict: datetimes as ISO 8601 strings."""
        data = asdict(self)
        for key in ("published_at", "modified_at"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data


def _content_type(headers: Mapping[str, Any] | None) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() == "content-type":
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            return value
    return None


def _page_language(detected: str | None, tree: Any, meta: Mapping[str, list[str]]) -> str | None:
    if detected:
        return detected
    declared = tree.get("lang") or first_meta(meta, "og:locale", "content-language", "language")[0]
    if declared:
        code = re.split(r"[-_]", declared.strip().lower())[0]
        return code if re.fullmatch(r"[a-z]{2,3}", code) else None
    return None


def _default_tz(url: str, detected: str | None) -> str:
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(".kr") or detected == "ko":
        return "Asia/Seoul"
    return "UTC"


def extract_article(
    html: str | bytes,
    url: str,
    *,
    headers: Mapping[str, Any] | None = None,
    hint: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> ExtractedArticle:
    """Extract an article from one page (see the module docstring for the rules).

    ``html`` may be bytes (decoded with :func:`newsmon.pages.encoding.decode_html`
    using the ``Content-Type`` in ``headers``).  ``hint`` holds the feed's or
    sitemap's ``title``/``published_raw``/``updated_raw``, used only when the
    page lacks them.  ``now`` (aware) bounds plausible dates; defaults to the
    current time.  Naive page dates are read as Asia/Seoul on Korean pages and
    UTC otherwise.
    """
    encoding = None
    if isinstance(html, bytes):
        text, encoding = decode_html(html, _content_type(headers))
    else:
        text = html
    now = now or datetime.now(timezone.utc)
    tree = parse_tree(text)
    if tree is None:
        title = clean_inline(hint.get("title")) if hint else None
        return ExtractedArticle(url=url, canonical_url=choose_canonical(url, None, None), title=title,
                                body="", encoding=encoding)

    meta = collect_meta(tree, text)
    objects = jsonld_objects(tree)
    article = pick_article(objects)
    site_name = clean_inline(first_meta(meta, "og:site_name")[0]) or publisher_name(article, objects)
    title = extract_title(tree, article, meta, site_name)
    if not title and hint:
        title = clean_inline(hint.get("title"))

    body, body_source = extract_body(text, tree, url, article, title)
    description = (
        clean_inline(first_meta(meta, "og:description", "description", "twitter:description")[0])
        or (ld_text(article.get("description")) if article else None)
    )
    if not body and description:
        body, body_source = description, "description"

    detected = detect_language(f"{title or ''}\n{body[:2000]}")
    tz = _default_tz(url, detected)
    # The page's lines are walked only if a printed date or a byline needs them.
    lines: list[str] | None = None

    def page_lines() -> list[str]:
        nonlocal lines
        if lines is None:
            lines = visible_lines(tree)
        return lines

    dates = resolve_dates(date_candidates(tree, article, meta, url, title, hint, tz, now, page_lines, text), now)

    authors = extract_authors(tree, article, meta, lambda: raw_authors_text(page_lines(), title))
    link = tree.find(".//link[@rel='canonical']")
    rel_canonical = link.get("href") if link is not None else None
    canonical_url = choose_canonical(url, rel_canonical, first_meta(meta, "og:url")[0])

    return ExtractedArticle(
        url=url,
        canonical_url=canonical_url,
        title=title,
        body=body,
        description=description,
        authors=authors,
        language=_page_language(detected, tree, meta),
        site_name=site_name,
        body_source=body_source,
        encoding=encoding,
        **dates,
    )
