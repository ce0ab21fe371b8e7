"""Store pipeline: write each article through ``newsmon.archive`` on one writer thread.

Database work is blocking, so it runs off the reactor (the crawl keeps
downloading meanwhile). One thread, one Session per article: writes are
serialised (deterministic development assignment, no SQLite lock contention)
and each article commits on its own, so a crash loses at most the article
in flight and a re-run stores it once.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from newsmon.app import App
from newsmon.archive import RecordResult, record_article
from newsmon.config import load_config
from newsmon.items import ArticleItem

log = logging.getLogger(__name__)


class StorePipeline:
    """Settings read: ``NEWSMON_CONFIG`` (the Config) and ``NEWSMON_RUN_ID`` (the runs row, if any)."""

    def __init__(self, app: App, run_id: Optional[int], stats: Any) -> None:
        self.app = app
        self.run_id = run_id
        self.stats = stats
        self.executor: Optional[ThreadPoolExecutor] = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "StorePipeline":
        config = crawler.settings.get("NEWSMON_CONFIG") or load_config()
        run_id = crawler.settings.getint("NEWSMON_RUN_ID") or None
        return cls(App(config), run_id, crawler.stats)

    def open_spider(self) -> None:
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="newsmon-store")
        # Open (and migrate) the database on the writer thread, before any item.
        self.executor.submit(self.app.database).result()

    def close_spider(self) -> None:
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
        assert self.executor is not None
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self.executor, self._write, item)
        self._count(result)
        return item

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
