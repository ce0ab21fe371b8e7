"""The one shape an article has from the spider to the store.

The spider fills what it fetched (URL, raw bytes, headers, the feed's hints)
or, for a seed document, the article itself; the analyse pipeline extracts
the article fields into it (``pipelines.extract.fill_item``), drops the raw
bytes, normalizes the values and adds relevance and the near-duplicate
signature; the store pipeline writes it as one row. No Response object rides
along: items stay small and picklable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional
from urllib.parse import urlsplit


@dataclass
class ArticleItem:
    #: Final fetched URL (after redirects), or ``seed:<file>`` for a seed document.
    url: str
    #: ``"crawl"`` or ``"seed"``.
    origin: str = "crawl"
    #: Raw page bytes, present until the analyse pipeline has extracted the article.
    html: Optional[bytes] = None
    #: The HTTP ``Content-Type`` header, for the page's charset.
    content_type: Optional[str] = None
    #: The ``sources`` row that led here, and its display name.
    source_id: Optional[int] = None
    source_name: Optional[str] = None
    #: What the feed or sitemap said about this URL (title, published_raw, updated_raw).
    hint: dict[str, Any] = field(default_factory=dict)
    #: The feed's ``updated`` / sitemap ``lastmod`` as seen, for incremental re-crawls.
    source_lastmod: Optional[str] = None
    #: The URL as the feed, sitemap or listing gave it, when a redirect led to ``url``.
    listed_url: Optional[str] = None

    # Article fields (extracted, then normalized).
    title: str = ""
    body: str = ""
    #: The page's standfirst (its og:description / meta description).
    summary: Optional[str] = None
    canonical_url: Optional[str] = None
    #: Published time, timezone-aware, and the string it was read from.
    published_at: Optional[datetime] = None
    published_raw: Optional[str] = None
    #: Where the published time came from: jsonld, meta, time, printed, url, feed.
    published_source: Optional[str] = None
    modified_at: Optional[datetime] = None
    modified_raw: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    #: The outlet's name as the page states it (og:site_name / publisher).
    site_name: Optional[str] = None
    language: Optional[str] = None

    # Added by later pipelines.
    body_hash: Optional[str] = None
    relevant: bool = False
    relevance: float = 0.0
    topics: list[str] = field(default_factory=list)
    minhash: Optional[bytes] = None
    #: What a relevant article reports, for developments (``newsmon.events.terms.EventTerms``).
    event_terms: Optional[Any] = None

    @property
    def outlet(self) -> Optional[str]:
        """The name stored as the article's source: the page's own (og:site_name, publisher),
        else the source's configured name, else the feed's or news sitemap's title, else the host."""
        if self.site_name or self.source_name or self.hint.get("site"):
            return self.site_name or self.source_name or self.hint.get("site")
        return urlsplit(self.url).hostname if self.origin == "crawl" else None
