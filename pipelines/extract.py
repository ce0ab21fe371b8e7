"""Extract pipeline: raw page bytes in, article fields out.

Extraction is the crawl's main CPU cost, so it runs in a process pool
(``[crawl] extract_workers``) while the reactor keeps downloading; with one
worker or on failure to start a pool it runs inline. Pages that are not
articles (no title or no text, binary data) are dropped and counted.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, Optional

from scrapy.exceptions import DropItem

from newsmon.items import ArticleItem

log = logging.getLogger(__name__)

#: Below this many characters of text a page is not treated as an article.
MIN_BODY_CHARS = 80


def extract_fields(html: bytes, url: str, content_type: Optional[str], hint: dict[str, Any]) -> Optional[dict[str, Any]]:
    """Run the extractor and return plain fields (picklable), or None for a non-article."""
    from newsmon.extract import extract_article

    if not html or b"\x00" in html[:4096]:
        return None
    headers = {"Content-Type": content_type} if content_type else None
    article = extract_article(html, url, headers=headers, hint=hint or None)
    if not article.title or len(article.body or "") < MIN_BODY_CHARS:
        return None
    return article_fields(article)


def article_fields(article: Any) -> dict[str, Any]:
    """The extractor's result as plain values (datetimes stay datetimes)."""
    return {f.name: getattr(article, f.name) for f in dataclasses.fields(article)}


def fill_item(item: ArticleItem, fields: dict[str, Any]) -> ArticleItem:
    """Copy extracted fields onto ``item`` (never its URL or feed hint)."""
    for key, value in fields.items():
        if key in ArticleItem.__dataclass_fields__ and key not in ("url", "hint"):
            setattr(item, key, value)
    return item


def _warm_up() -> None:
    import newsmon.extract  # noqa: F401 - pay the import once per worker


class ExtractPipeline:
    def __init__(self, workers: int, stats: Any) -> None:
        self.workers = workers
        self.stats = stats
        self.pool: Optional[Executor] = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ExtractPipeline":
        from newsmon.crawlsettings import crawl_config

        workers = crawl_config(crawler).crawl.extract_workers
        if workers == 0:
            workers = os.cpu_count() or 1
        return cls(workers, crawler.stats)

    def open_spider(self) -> None:
        if self.workers > 1:
            # forkserver: workers must not inherit the reactor's threads and sockets.
            # The server imports the extractor once; workers fork from it warm.
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["newsmon.extract"])
            self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_warm_up)
            # Start the workers now, while the feeds are still downloading.
            for _ in range(self.workers):
                self.pool.submit(_warm_up)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.html is None:
            return item
        args = (item.html, item.url, item.content_type, item.hint)
        item.html = None  # the bytes are not needed past this point
        if self.pool is not None:
            fields = await asyncio.wrap_future(self.pool.submit(extract_fields, *args))
        else:
            fields = extract_fields(*args)
        if fields is None:
            self.stats.inc_value("newsmon/dropped/not_article")
            raise DropItem(f"not an article: {item.url}", log_level="INFO")
        fill_item(item, fields)
        self.stats.inc_value("newsmon/articles/extracted")
        return item
