"""Store pipeline: write each article through ``newsmon.archive`` on one writer thread.

Database work is blocking, so it runs off the reactor (the crawl keeps
downloading meanwhile). One thread, one Session per article: writes are
serialised (no SQLite lock contention) and each article commits on its own,
so a crash loses nothing stored and a re-run stores the rest once.

Articles are written in batches sorted by publication time (seeds first):
a crawl meets a wire story, its copies and its follow-ups in whatever order
the network returns them, and grouping them oldest first makes the result
the same whatever that order was. A batch not yet written when a crawl is
killed is simply fetched again next run (nothing of it was stored).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from newsmon.app import App
from newsmon.archive import RecordResult, record_article
from newsmon.crawlsettings import crawl_config
from newsmon.items import ArticleItem

log = logging.getLogger(__name__)


def write_order(item: ArticleItem) -> tuple:
    """Seeds first, then oldest published first, undated last; URL breaks ties."""
    published = item.published_at.timestamp() if item.published_at else float("inf")
    return (item.origin != "seed", published, item.url)


class StorePipeline:
    """Settings read: ``NEWSMON_CONFIG`` (the Config), ``NEWSMON_RUN_ID`` (the runs row,
    if any) and ``NEWSMON_STORE_BATCH`` (articles sorted and written together, default 500)."""

    def __init__(self, app: App, run_id: Optional[int], stats: Any, batch_size: int = 500, on_failure: Any = None) -> None:
        self.app = app
        self.run_id = run_id
        self.stats = stats
        self.batch_size = max(1, batch_size)
        self.on_failure = on_failure
        self.pending: list[ArticleItem] = []
        self.lock = asyncio.Lock()
        self.executor: Optional[ThreadPoolExecutor] = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "StorePipeline":
        config = crawl_config(crawler)
        run_id = crawler.settings.getint("NEWSMON_RUN_ID") or None
        batch = crawler.settings.getint("NEWSMON_STORE_BATCH", 500)

        def on_failure(item: ArticleItem) -> None:
            # The spider keeps that source's old validators, so next run retries it.
            spider = getattr(crawler, "spider", None)
            if spider is not None and hasattr(spider, "source_item_failed"):
                spider.source_item_failed(item.source_id)

        return cls(App(config), run_id, crawler.stats, batch, on_failure)

    def open_spider(self) -> None:
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="newsmon-store")
        # Open (and migrate) the database on the writer thread, before any item.
        self.executor.submit(self.app.database).result()

    async def close_spider(self) -> None:
        await self.flush()
        if self.executor is not None:
            self.executor.shutdown(wait=True)
            self.executor = None
        self.app.close()

    def _write(self, item: ArticleItem) -> RecordResult:
        with self.app.database().session() as session:
            return record_article(session, item, run_id=self.run_id)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            await self.flush()
        return item

    async def flush(self) -> None:
        """Write what is pending, oldest first, one transaction per article."""
        async with self.lock:
            batch, self.pending = sorted(self.pending, key=write_order), []
            if not batch:
                return
            assert self.executor is not None
            loop = asyncio.get_running_loop()
            for item in batch:
                try:
                    result = await loop.run_in_executor(self.executor, self._write, item)
                except Exception:  # one bad article must not lose the rest of the batch
                    log.exception("could not store %s", item.url)
                    self.stats.inc_value("newsmon/errors/store_failed")
                    if self.on_failure is not None:
                        self.on_failure(item)
                    continue
                self._count(result)

    def _count(self, r: RecordResult) -> None:
        inc = self.stats.inc_value
        if r.status == "new":
            inc("newsmon/articles/new")
            if r.duplicate_of is not None:
                inc("newsmon/duplicates/near")
            if not r.relevant:
                inc("newsmon/articles/new_irrelevant")
            if r.development_created:
                inc("newsmon/developments/new")
        elif r.status == "updated":
            inc("newsmon/articles/updated")
        elif r.status == "duplicate_exact":
            inc("newsmon/duplicates/exact")
        else:
            inc("newsmon/articles/unchanged")
