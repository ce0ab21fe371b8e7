"""The ``news`` spider: turns the crawl plan into requests, and pages into items.

It only decides what to request. The crawl plan comes in with the crawl
context (``newsmon.crawl.context``: the cycle's, or under ``scrapy crawl news``
one opened from the settings' config); feeds, sitemaps and listing pages are
parsed on a thread by the pure functions in ``newsmon.pages.discovery``;
article pages go out as raw bytes in an ``ArticleItem`` for the pipelines to
extract. What each source answered (ETag, Last-Modified) and which sources
failed go into the run's ledger, which the context saves when the spider
closes: the spider never touches the database.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Iterable, Optional

from scrapy import Request, Spider, signals
from scrapy.http import Response
from scrapy.utils.asyncio import run_in_thread
from twisted.python.failure import Failure

from newsmon.crawl.context import crawl_context
from newsmon.crawl.plan import PlannedSource
from newsmon.items import ArticleItem
from newsmon.pages.discovery import MAX_SITEMAP_BYTES
from newsmon.pages.seeds import SeedDocument

ALLOWED_SCHEMES = ("http://", "https://")
#: Answers that will not change by asking again; they do not make a source "failed".
PERMANENT_ERRORS = frozenset(
    {"http_400", "http_401", "http_403", "http_404", "http_410", "http_451", "ignored",
     "blocked_address", "blocked_scheme", "too_large"}
)


def error_kind(failure: Failure) -> str:
    """A short, stable name for why a request failed (for run records and stats)."""
    exc = failure.value
    kind = getattr(exc, "kind", None)  # newsmon.crawl.netguard.BlockedRequest
    if isinstance(kind, str):
        return kind
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status", None):
        return f"http_{response.status}"
    name = type(exc).__name__
    if name == "IgnoreRequest" and "DOWNLOAD_MAXSIZE" in str(exc):
        return "too_large"  # a compressed body that inflates past the limit
    return {
        "TimeoutError": "timeout",
        "TCPTimedOutError": "timeout",
        "DNSLookupError": "dns",
        "ConnectionRefusedError": "connection_refused",
        "ConnectionLost": "connection_lost",
        "ResponseNeverReceived": "connection_lost",
        "ResponseFailed": "connection_lost",
        "_DataLoss": "truncated",
        "IgnoreRequest": "ignored",
        "CancelledError": "cancelled",
        # Scrapy >= 2.19 wraps the Twisted errors in its own:
        "DownloadTimeoutError": "timeout",
        "DownloadConnectionRefusedError": "connection_refused",
        "CannotResolveHostError": "dns",
        "DownloadCancelledError": "too_large",
        "ResponseDataLossError": "truncated",
        "DownloadFailedError": "connection_lost",
        "UnsupportedURLSchemeError": "bad_scheme",
    }.get(name, name.lower())


class NewsSpider(Spider):
    name = "news"

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        context = crawl_context(crawler)
        spider.plan = context.plan
        spider.ledger = context.ledger
        # A gzipped sitemap may inflate no further than a page may be long.
        page_limit = crawler.settings.getint("DOWNLOAD_MAXSIZE") or MAX_SITEMAP_BYTES
        spider.max_sitemap_bytes = min(page_limit, MAX_SITEMAP_BYTES)
        crawler.signals.connect(spider._on_item_error, signal=signals.item_error)
        return spider

    # ------------------------------------------------------------ start

    async def start(self) -> AsyncIterator[Any]:
        if self.settings.get("NEWSMON_FRONTIER_WORKER") is not None:
            # A frontier worker (newsmon.crawl.workers): the coordinator ingested
            # the seeds and seeded the shared queue; this process only takes from it.
            return
        stats = self.crawler.stats
        stats.set_value("newsmon/sources/planned", len(self.plan.sources))
        for doc in self.plan.seeds:
            stats.inc_value("newsmon/pages/seeds/ingested")
            yield seed_item(doc)
        for source in self.plan.sources:
            yield self.source_request(source)

    def source_request(self, source: PlannedSource) -> Request:
        headers = {}
        if source.etag:
            headers["If-None-Match"] = source.etag
        if source.last_modified:
            headers["If-Modified-Since"] = source.last_modified
        callback = {
            "feed": self.parse_feed,
            "sitemap": self.parse_sitemap,
            "page": self.parse_listing,
            "article": self.parse_article,
        }[source.type]
        return Request(
            source.url,
            callback=callback,
            errback=self.on_error,
            headers=headers,
            dont_filter=True,
            meta={
                "source": source,
                "is_source": True,
                "handle_httpstatus_list": [304],
            },
        )

    # ------------------------------------------------------------ sources

    def _source_answered(self, response: Response) -> bool:
        """Record the validators; False when the source has not changed (304)."""
        if not response.meta.get("is_source"):
            return True
        header = lambda name: (v.decode("latin-1") if (v := response.headers.get(name)) else None)  # noqa: E731
        self.ledger.answered(response.meta["source"], response.status, header("ETag"), header("Last-Modified"))
        if response.status == 304:
            self.crawler.stats.inc_value("newsmon/sources/not_modified")
            return False
        self.crawler.stats.inc_value("newsmon/sources/fetched")
        return True

    async def _parse(self, parse: Callable[..., Any], response: Response, kind: str, **kwargs: Any) -> Any:
        """Run a pure discovery parser on a thread (a big listing or sitemap must not
        hold up every download); None, counted as a ``kind`` source failure that
        keeps the source's old validators, when it cannot read the document."""
        try:
            return await run_in_thread(parse, response.body, response.url, **kwargs)
        except Exception as exc:  # noqa: BLE001 - DiscoveryError, or whatever else a hostile document provokes
            self._source_failed(response.meta["source"], kind, f"{type(exc).__name__}: {exc}")
            return None

    async def parse_feed(self, response: Response) -> AsyncIterator[Any]:
        from newsmon.pages.discovery import parse_feed

        if not self._source_answered(response):
            return
        entries = await self._parse(parse_feed, response, "feed_invalid")
        for e in entries or ():
            hint = {"title": e.title, "published_raw": e.published_raw, "updated_raw": e.updated_raw, "site": e.site}
            for request in self.article_request(e.url, response.meta["source"], hint, e.updated_raw):
                yield request

    async def parse_sitemap(self, response: Response) -> AsyncIterator[Any]:
        from newsmon.pages.discovery import parse_sitemap

        source: PlannedSource = response.meta["source"]
        if not self._source_answered(response):
            # An unchanged index says nothing about its sitemaps: ask each of them.
            for child in self.plan.children.get(source.id or -1, []):
                yield self.source_request(child)
            return
        page = await self._parse(parse_sitemap, response, "sitemap_invalid", max_bytes=self.max_sitemap_bytes)
        if page is None:
            return
        if page.truncated:
            self.crawler.stats.inc_value("newsmon/sources/sitemap_truncated")
            self.logger.warning("%s: more entries than one sitemap may list; the rest were left out", source.url)
        for url in page.sitemaps:
            if url.startswith(ALLOWED_SCHEMES):
                yield self.source_request(self.plan.child(source, url))
        for e in page.entries:
            hint = {"title": e.title, "published_raw": e.published_raw, "updated_raw": e.lastmod_raw, "site": e.site}
            for request in self.article_request(e.url, source, hint, e.lastmod_raw):
                yield request

    async def parse_listing(self, response: Response) -> AsyncIterator[Any]:
        from newsmon.pages.discovery import parse_listing

        if not self._source_answered(response):
            return
        for url in await self._parse(parse_listing, response, "listing_invalid") or ():
            for request in self.article_request(url, response.meta["source"], {}, None):
                yield request

    # ------------------------------------------------------------ articles

    def article_request(
        self, url: str, source: PlannedSource, hint: dict[str, Any], lastmod: Optional[str]
    ) -> Iterable[Request]:
        if not url.startswith(ALLOWED_SCHEMES):
            self.crawler.stats.inc_value("newsmon/errors/bad_scheme")
            return
        if self.plan.is_known(url, lastmod):
            self.crawler.stats.inc_value("newsmon/articles/known_skipped")
            return
        yield Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            meta={"source": source, "hint": hint, "lastmod": lastmod},
        )

    def parse_article(self, response: Response) -> Iterable[ArticleItem]:
        if response.meta.get("is_source") and not self._source_answered(response):
            return
        source: PlannedSource = response.meta["source"]
        content_type = response.headers.get("Content-Type")
        yield ArticleItem(
            url=response.url,
            html=response.body,
            content_type=content_type.decode("latin-1") if content_type else None,
            source_id=source.id if source.id is not None else source.parent_id,
            source_name=source.name,
            hint={k: v for k, v in response.meta.get("hint", {}).items() if v},
            source_lastmod=response.meta.get("lastmod"),
            listed_url=(response.meta.get("redirect_urls") or [None])[0],
        )

    # ------------------------------------------------------------ failures

    def _source_failed(self, source: PlannedSource, kind: str, message: str) -> None:
        self.crawler.stats.inc_value(f"newsmon/errors/{kind}")
        self.ledger.mark_failed(source)
        self.ledger.error(source, message, kind)
        self.logger.warning("%s: %s", source.url, message)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        kind = error_kind(failure)
        self.crawler.stats.inc_value(f"newsmon/errors/{kind}")
        source: Optional[PlannedSource] = request.meta.get("source")
        if source is not None and kind not in PERMANENT_ERRORS:
            # Transient failures: fetch this source in full next run to retry.
            self.ledger.mark_failed(source)
        if source is not None and request.meta.get("is_source"):
            self.ledger.error(source, kind, kind)
        self.logger.info("failed %s: %s", request.url, kind)

    def source_item_failed(self, source_id: Optional[int]) -> None:
        """An article from this source could not be stored: fetch the source in full next run."""
        self.ledger.item_failed(source_id)

    def _on_item_error(self, item: Any, response: Any, spider: Any, failure: Failure) -> None:
        source = getattr(response, "meta", {}).get("source") if response is not None else None
        if isinstance(source, PlannedSource):
            self.ledger.mark_failed(source)


def seed_item(doc: SeedDocument) -> ArticleItem:
    """A seed document as an already-extracted item."""
    return ArticleItem(
        url=doc.key,
        origin="seed",
        canonical_url=doc.key,
        title=doc.title,
        body=doc.body,
        published_at=doc.published_at,
        published_raw=doc.published_raw,
        published_source="seed" if doc.published_at else None,
        authors=list(doc.authors),
        site_name=doc.source_name,
        language=doc.language,
    )
