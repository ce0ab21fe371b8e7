"""Analyse pipeline: raw page bytes in, an article ready to store out.

The pure per-page steps are the crawl's CPU cost: extract the article
(``pipelines.extract``), normalize it (``pipelines.normalize``), judge its
relevance (``pipelines.relevance``), sign it for near-duplicate lookup
(``newsmon.events.neardup.signature``) and, when relevant, read its event
terms for developments (``newsmon.events.terms``). They run as one job in a process pool
(``[crawl] extract_workers``): the page's bytes cross to a worker once, only
the article comes back, and the crawl process is left with downloading and
storing, so both cores work. With one worker the same job runs inline.
Pages that are not articles are dropped and counted.

A page that kills its worker (a crash in a C extension, the kernel's OOM
killer) breaks the whole pool, failing every job in it. The pool is then
rebuilt and each of those jobs is tried once more, alone, in a one-worker
pool of its own: the innocent pages pass, and the page that breaks that
worker too is set aside (counted as ``analysis_set_aside``, listed in the
run record, skipped by later runs until its source says it changed).
Inline, a page that crashes the interpreter still ends the crawl.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timezone
from typing import Any, Callable, Optional, Sequence

from newsmon.items import ArticleItem

log = logging.getLogger(__name__)


def analyse(item: ArticleItem, topics: Sequence[Any]) -> Optional[ArticleItem]:
    """Extract (unless already extracted, as seeds are), normalize, judge, sign
    and read event terms of ``item``; pure, no I/O. None for a page that is not an article."""
    from newsmon.events.neardup import signature
    from pipelines.extract import extract_into
    from pipelines.normalize import normalize_item
    from pipelines.relevance import judge_relevance

    if item.html is not None and extract_into(item) is None:
        return None
    normalize_item(item)
    judge_relevance(item, topics)
    item.minhash = signature(item.title, item.body)
    if item.relevant:
        when = item.published_at or datetime.now(timezone.utc)
        item.event_terms = _vocabulary(topics).terms(item.title, item.body, when)
    return item


_vocabularies: dict[tuple[int, ...], Any] = {}


def _vocabulary(topics: Sequence[Any]) -> Any:
    """The topics' event vocabulary, built once per set of profiles (per process)."""
    key = tuple(id(t) for t in topics)
    vocabulary = _vocabularies.get(key)
    if vocabulary is None:
        from newsmon.events.terms import Vocabulary

        vocabulary = _vocabularies[key] = Vocabulary.from_topics(topics)
    return vocabulary


# A worker's topic profiles, set once by the pool's initializer.
_worker_topics: Sequence[Any] = ()


def _init_worker(topics: Sequence[Any]) -> None:
    global _worker_topics
    _worker_topics = topics
    import newsmon.pages.extract  # noqa: F401 - pay the imports before the first page


def _analyse_in_worker(item: ArticleItem) -> Optional[ArticleItem]:
    return analyse(item, _worker_topics)


def _started() -> None:
    """An empty job: submitting one per worker starts the workers early."""


def pool_size(extract_workers: int, cpus: int) -> int:
    """Worker processes for ``[crawl] extract_workers`` on ``cpus`` CPUs; 0 means analyse inline.

    0 (automatic): one per CPU beyond the first, because the crawl process keeps
    a core busy downloading and storing; 1: inline, in the crawl process; N: N.
    """
    if extract_workers == 0:
        return cpus - 1 if cpus > 1 else 0
    return 0 if extract_workers == 1 else extract_workers


class PageSetAside(Exception):
    """The page broke a worker of its own as well: it is set aside, not analysed."""


class AnalysePipeline:
    """Reads ``[crawl] extract_workers``; takes the run's topic profiles from the crawl context."""

    def __init__(
        self, workers: int, topics: Sequence[Any], stats: Any, on_set_aside: Optional[Callable[[Any], None]] = None
    ) -> None:
        self.workers = workers  # worker processes; 0: analyse inline
        self.topics = topics
        self.stats = stats
        self.on_set_aside = on_set_aside  # called with a newsmon.crawl.context.SetAside
        self.pool: Optional[ProcessPoolExecutor] = None
        self.retry_pool: Optional[ProcessPoolExecutor] = None  # one worker, one job at a time
        self.retry_lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Any) -> "AnalysePipeline":
        from newsmon.crawl.context import crawl_context

        context = crawl_context(crawler)
        workers = pool_size(context.app.config.crawl.extract_workers, os.cpu_count() or 1)
        return cls(workers, context.topics, crawler.stats, context.set_aside.append)

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        # spawn: fresh interpreters, which inherit none of the reactor's threads
        # and sockets (and, unlike forkserver, need no extra server process).
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.topics,),
        )

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = self._new_pool(self.workers)
            # Start the workers now (imports take a second), while the feeds download.
            for _ in range(self.workers):
                self.pool.submit(_started)

    def close_spider(self) -> None:
        for pool in (self.pool, self.retry_pool):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self.retry_pool = None

    def _replace_broken(self, broken: ProcessPoolExecutor) -> None:
        """Swap in a fresh pool for ``broken`` (once, however many jobs saw it break)."""
        if self.pool is broken:
            log.warning("an analysis worker died; starting a new pool")
            self.stats.inc_value("newsmon/analysis/pool_restarts")
            self.pool = self._new_pool(self.workers)
            broken.shutdown(wait=False, cancel_futures=True)

    async def _analyse_in_pool(self, item: ArticleItem) -> Optional[ArticleItem]:
        pool = self.pool
        assert pool is not None
        try:
            return await asyncio.wrap_future(pool.submit(_analyse_in_worker, item))
        except BrokenProcessPool:
            self._replace_broken(pool)
        # Once more, alone: if this worker dies too, this page is the one that kills them.
        async with self.retry_lock:
            if self.retry_pool is None:
                self.retry_pool = self._new_pool(1)
            try:
                return await asyncio.wrap_future(self.retry_pool.submit(_analyse_in_worker, item))
            except BrokenProcessPool:
                self.retry_pool.shutdown(wait=False, cancel_futures=True)
                self.retry_pool = None
                raise PageSetAside(item.url) from None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        from scrapy.exceptions import DropItem  # here: worker processes need no Scrapy

        fetched = item.html is not None  # seeds arrive already extracted
        if self.pool is not None and fetched:
            try:
                result = await self._analyse_in_pool(item)
            except PageSetAside:
                self._set_aside(item)
                raise DropItem(f"set aside, it broke the analysis worker twice: {item.url}", log_level="WARNING")
            item.html = None
        else:
            result = analyse(item, self.topics)
        if result is None:
            self.stats.inc_value("newsmon/dropped/not_article")
            raise DropItem(f"not an article: {item.url}", log_level="INFO")
        if fetched:
            self.stats.inc_value("newsmon/articles/extracted")
        self.stats.inc_value("newsmon/articles/relevant" if result.relevant else "newsmon/articles/irrelevant")
        return result

    def _set_aside(self, item: ArticleItem) -> None:
        from newsmon.crawl.context import SetAside

        self.stats.inc_value("newsmon/errors/analysis_set_aside")
        log.warning("set aside %s: it broke the analysis worker twice", item.url)
        if self.on_set_aside is not None:
            self.on_set_aside(SetAside(item.url, item.listed_url, item.source_lastmod, "analysis_crashed"))
