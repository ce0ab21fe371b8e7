"""Store pipeline: write each article through ``newsmon.events.record`` on one writer thread.

Database work is blocking, so it runs off the reactor (the crawl keeps
downloading meanwhile). One thread writes, so writes are serialised (no
SQLite lock contention).

Articles are written in batches sorted by publication time (seeds first):
a crawl meets a wire story, its copies and its follow-ups in whatever order
the network returns them, and grouping them oldest first makes the result
the same whatever that order was. Each batch is committed in groups of up to
``NEWSMON_STORE_COMMIT`` articles: one commit per group instead of one per
article. Every article is still whole or absent (``record_article`` writes
all its rows in the group's transaction); if one article fails, the group is
rolled back and written again one article per transaction, so the failure
costs only that article. If the database itself fails (locked past its busy
timeout, disk full, connection lost), the group is rolled back once and
storing stops: the crawl closes (reason ``store_failed``, stat
``newsmon/store/failed``) instead of waiting out the busy timeout again for
every article. Articles not yet committed when a crawl is killed or stops
were never stored, so the next run fetches them again.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional, Union

from scrapy import signals

from newsmon.app import App
from newsmon.events.record import RecordResult, database_unavailable, record_article, write_order
from newsmon.items import ArticleItem

log = logging.getLogger(__name__)


class StorePipeline:
    """Writes through the crawl context's database (opened once per run, closed by
    its owner). Settings read: ``NEWSMON_RUN_ID`` (the runs row, if any),
    ``NEWSMON_STORE_BATCH`` (articles sorted and written together, default 500),
    ``NEWSMON_STORE_COMMIT`` (articles per transaction, default 20) and
    ``NEWSMON_STORE_ASSIGN`` (false on a frontier worker: store and queue each
    article; the coordinator assigns developments, ``newsmon.events.pending``)."""

    def __init__(
        self,
        app: App,
        run_id: Optional[int],
        stats: Any,
        batch_size: int = 500,
        on_failure: Any = None,
        commit_size: int = 20,
        on_unavailable: Any = None,
        assign: bool = True,
    ) -> None:
        self.app = app
        self.run_id = run_id
        self.stats = stats
        self.batch_size = max(1, batch_size)
        self.commit_size = max(1, commit_size)
        self.on_failure = on_failure
        self.on_unavailable = on_unavailable
        self.assign = assign
        self.unavailable: Optional[str] = None  # why storing stopped, once it has
        self.pending: list[ArticleItem] = []
        self.lock = asyncio.Lock()
        self.executor: Optional[ThreadPoolExecutor] = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "StorePipeline":
        from newsmon.crawl.context import crawl_context

        app = crawl_context(crawler).app
        run_id = crawler.settings.getint("NEWSMON_RUN_ID") or None
        batch = crawler.settings.getint("NEWSMON_STORE_BATCH", 500)
        commit = crawler.settings.getint("NEWSMON_STORE_COMMIT", 20)
        assign = crawler.settings.getbool("NEWSMON_STORE_ASSIGN", True)

        def on_failure(item: ArticleItem) -> None:
            # The spider keeps that source's old validators, so next run retries it.
            spider = getattr(crawler, "spider", None)
            if spider is not None and hasattr(spider, "source_item_failed"):
                spider.source_item_failed(item.source_id)

        closing: list[Any] = []  # keeps the task referenced until it is done

        async def close_crawl() -> None:
            engine = getattr(crawler, "engine", None)
            if engine is not None and engine.spider is not None:
                await engine.close_spider_async(reason="store_failed")

        def on_unavailable(reason: str) -> None:
            closing.append(asyncio.ensure_future(close_crawl()))

        pipeline = cls(app, run_id, crawler.stats, batch, on_failure, commit, on_unavailable, assign)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_closed(self) -> None:
        """The crawl's finish reason says storing failed, even when that came in its final flush
        (connected after Scrapy's CoreStats, so this runs last)."""
        if self.unavailable is not None:
            self.stats.set_value("finish_reason", "store_failed")

    def open_spider(self) -> None:
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="newsmon-store")

    async def close_spider(self) -> None:
        await self.flush()
        if self.executor is not None:
            await asyncio.get_running_loop().run_in_executor(self.executor, self._flatten)
            self.executor.shutdown(wait=True)
            self.executor = None

    def _flatten(self) -> None:
        """Copies stored while another process displaced their original point at the new one."""
        from newsmon.events.record import flatten_duplicate_links

        try:
            with self.app.database().session() as session:
                flatten_duplicate_links(session)
        except Exception:  # noqa: BLE001 - the next crawl tries again; the articles are stored
            log.warning("could not flatten duplicate links", exc_info=True)

    def _write_group(self, items: list[ArticleItem]) -> list[Union[RecordResult, Exception]]:
        """Write ``items`` in one transaction; if any fails, again one transaction each.

        Returns each item's result, or the exception that kept it out.
        """
        try:
            with self.app.database().session() as session:
                return [record_article(session, item, run_id=self.run_id, assign=self.assign) for item in items]
        except Exception as exc:  # rolled back: find the bad article, keep the others
            if len(items) == 1 or database_unavailable(exc):
                raise
        results: list[Union[RecordResult, Exception]] = []
        for item in items:
            try:
                results.append(self._write_group([item])[0])
            except Exception as exc:  # noqa: BLE001 - reported by the caller, per article
                if database_unavailable(exc):
                    raise
                results.append(exc)
        return results

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if self.unavailable is not None:
            self._not_stored([item])
            return item
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            await self.flush()
        return item

    async def flush(self) -> None:
        """Write what is pending, oldest first, a group of articles per transaction."""
        async with self.lock:
            batch, self.pending = sorted(self.pending, key=write_order), []
            if not batch:
                return
            if self.unavailable is not None:
                self._not_stored(batch)
                return
            assert self.executor is not None
            loop = asyncio.get_running_loop()
            for start in range(0, len(batch), self.commit_size):
                group = batch[start : start + self.commit_size]
                try:
                    results = await loop.run_in_executor(self.executor, self._write_group, group)
                except Exception as exc:  # the database itself failed: nothing of the group is stored
                    if database_unavailable(exc):
                        self._stop(exc, batch[start:])
                        return
                    results = [exc] * len(group)
                for item, result in zip(group, results):
                    if isinstance(result, Exception):
                        # One bad article must not lose the rest of the batch.
                        log.error("could not store %s", item.url, exc_info=result)
                        self.stats.inc_value("newsmon/errors/store_failed")
                        if self.on_failure is not None:
                            self.on_failure(item)
                    else:
                        self._count(result)

    def _stop(self, exc: BaseException, lost: list[ArticleItem]) -> None:
        """The database cannot take writes: stop storing, and end the crawl (once)."""
        self.unavailable = f"{type(exc).__name__}: {str(getattr(exc, 'orig', exc) or exc).splitlines()[0]}"
        log.error("storing stopped, the database is unavailable (%s); %d articles not stored, fetched again next run",
                  self.unavailable, len(lost))
        self.stats.inc_value("newsmon/store/failed")
        self._not_stored(lost)
        if self.on_unavailable is not None:
            self.on_unavailable(self.unavailable)

    def _not_stored(self, items: list[ArticleItem]) -> None:
        self.stats.inc_value("newsmon/errors/store_failed", len(items))
        if self.on_failure is not None:
            for item in items:
                self.on_failure(item)

    def _count(self, r: RecordResult) -> None:
        inc = self.stats.inc_value
        if r.status == "new":
            inc("newsmon/articles/new")
            if r.identical:
                inc("newsmon/duplicates/exact")
            elif r.duplicate_of is not None:
                inc("newsmon/duplicates/near")
            if not r.relevant:
                inc("newsmon/articles/new_irrelevant")
            if r.development_created:
                inc("newsmon/events/developments/new")
        elif r.status == "updated":
            inc("newsmon/articles/updated")
        elif r.status == "duplicate_exact":
            inc("newsmon/duplicates/exact")
        else:
            inc("newsmon/articles/unchanged")
