"""The spider's source callbacks, fed responses directly (no reactor, no network, no database):
what a hostile feed, sitemap or listing does to the run and to the source's validators."""

from __future__ import annotations

import asyncio
import gzip
import threading
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from newsmon.config import Config, CrawlConfig
from newsmon.crawl.context import CrawlContext, attach
from newsmon.crawl.plan import CrawlPlan, PlannedSource
from newsmon.crawl.settings import scrapy_settings
from newsmon.crawl.spiders.news import NewsSpider

SOURCE = {
    "feed": PlannedSource(1, "feed", "http://news.example/rss.xml", "Example", etag='"old"'),
    "sitemap": PlannedSource(2, "sitemap", "http://news.example/sitemap.xml.gz", "Example", etag='"old"'),
    "page": PlannedSource(3, "page", "http://news.example/list.html", "Example", etag='"old"'),
}


def spider_for(max_page_bytes: int = 16 * 1024 * 1024) -> NewsSpider:
    config = Config(crawl=CrawlConfig(max_page_bytes=max_page_bytes))
    crawler = get_crawler(NewsSpider, scrapy_settings(config))
    attach(crawler, CrawlContext(app=None, topics=[], plan=CrawlPlan(list(SOURCE.values()))))  # type: ignore[arg-type]
    return NewsSpider.from_crawler(crawler)


def answer(kind: str, body: bytes) -> Any:
    source = SOURCE[kind]
    request = Request(source.url, meta={"source": source, "is_source": True})
    cls = HtmlResponse if kind == "page" else XmlResponse
    return cls(source.url, body=body, headers={"ETag": '"new"'}, request=request)


def run_callback(spider: NewsSpider, kind: str, body: bytes) -> list[Any]:
    callback = {"feed": spider.parse_feed, "sitemap": spider.parse_sitemap, "page": spider.parse_listing}[kind]
    out = callback(answer(kind, body))
    if hasattr(out, "__aiter__"):
        async def collect() -> list[Any]:
            return [x async for x in out]

        return asyncio.run(collect())
    return list(out)


def saved_etags(spider: NewsSpider) -> dict[str, Any]:
    return {source.url: values.get("etag", "kept") for source, values in spider.ledger.to_save()}


def errors(spider: NewsSpider) -> dict[str, int]:
    return {k: v for k, v in spider.crawler.stats.get_stats().items() if k.startswith("newsmon/errors/")}


def test_a_readable_feed_saves_its_new_validators() -> None:
    spider = spider_for()
    feed = b'<rss><channel><item><link>http://news.example/news/1</link></item></channel></rss>'
    assert [r.url for r in run_callback(spider, "feed", feed)] == ["http://news.example/news/1"]
    assert saved_etags(spider) == {SOURCE["feed"].url: '"new"'} and errors(spider) == {}


def test_a_feed_declaring_an_undefined_encoding_is_read() -> None:
    spider = spider_for()
    feed = b'<?xml version="1.0" encoding="undefined"?><rss><channel><item><link>http://news.example/news/1</link></item></channel></rss>'
    assert [r.url for r in run_callback(spider, "feed", feed)] == ["http://news.example/news/1"]
    assert errors(spider) == {}


def test_a_listing_the_parser_rejects_fails_the_source_and_keeps_its_validators() -> None:
    spider = spider_for()
    assert run_callback(spider, "page", b"<?xml?>") == []
    assert errors(spider) == {"newsmon/errors/listing_invalid": 1}
    assert saved_etags(spider) == {SOURCE["page"].url: "kept"}


@pytest.mark.parametrize("kind", ["feed", "page"])
def test_any_error_while_parsing_a_source_is_a_source_failure(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsmon.pages.discovery as discovery

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise UnicodeError("undefined encoding")

    monkeypatch.setattr(discovery, "parse_feed" if kind == "feed" else "parse_listing", broken)
    spider = spider_for()
    assert run_callback(spider, kind, b"<rss/>") == []
    assert errors(spider) == {f"newsmon/errors/{'feed' if kind == 'feed' else 'listing'}_invalid": 1}
    assert saved_etags(spider) == {SOURCE[kind].url: "kept"}


def test_a_listing_is_parsed_off_the_reactor_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsmon.pages.discovery as discovery

    threads = []
    real = discovery.parse_listing

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(discovery, "parse_listing", recording)
    page = b'<html><body><main><a href="/news/12345678">KT and Microsoft open a centre</a></main></body></html>'
    assert [r.url for r in run_callback(spider_for(), "page", page)] == ["http://news.example/news/12345678"]
    assert threads and threads[0] is not threading.main_thread()


def test_a_gzipped_sitemap_inflates_no_further_than_max_page_bytes() -> None:
    urls = "".join(f"<url><loc>http://news.example/a/{i:06d}</loc></url>" for i in range(30_000))
    body = gzip.compress(f"<urlset>{urls}</urlset>".encode())  # ~1.4 MB inflated, a few KB compressed
    assert len(run_callback(spider_for(), "sitemap", body)) == 30_000
    small = spider_for(max_page_bytes=1024 * 1024)
    assert run_callback(small, "sitemap", body) == []
    assert errors(small) == {"newsmon/errors/sitemap_invalid": 1}
    assert saved_etags(small) == {SOURCE["sitemap"].url: "kept"}
