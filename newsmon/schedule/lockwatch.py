"""Watching the crawl lock while the crawl runs (a Scrapy extension).

On PostgreSQL the crawl lock is an advisory lock that lives exactly as long
as its connection. If the server ends that connection (restart, failover,
``pg_terminate_backend``, an idle-connection killer), the lock is gone and a
second crawl could start beside this one. Every few seconds this asks the
server whether the lock is still held (off the reactor thread); when it is
not, the crawl stops with finish reason ``lock_lost`` (the run is recorded
``interrupted``) and ``newsmon/errors/lock_lost`` is counted.

Settings: ``NEWSMON_LOCK_CHECK_SECONDS`` (default 5). Not configured when
this process holds no PostgreSQL crawl lock (SQLite: the kernel's file
lock cannot be lost while the process lives).
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task, threads

from newsmon.schedule.locks import CRAWL, PgLock, held_pg_lock

log = logging.getLogger(__name__)


class CrawlLockWatch:
    def __init__(self, crawler: Any, lock: PgLock, interval: float) -> None:
        self.crawler = crawler
        self.lock = lock
        self.interval = interval
        self.loop: Optional[task.LoopingCall] = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CrawlLockWatch":
        lock = held_pg_lock(CRAWL)
        if lock is None:
            raise NotConfigured("no PostgreSQL crawl lock held by this process")
        watch = cls(crawler, lock, crawler.settings.getfloat("NEWSMON_LOCK_CHECK_SECONDS", 5.0))
        crawler.signals.connect(watch.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(watch.spider_closed, signal=signals.spider_closed)
        return watch

    def spider_opened(self) -> None:
        self.loop = task.LoopingCall(self._tick)
        self.loop.start(self.interval, now=False).addErrback(lambda f: log.error("lock watch failed: %s", f.value))

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def _tick(self) -> Any:
        return threads.deferToThread(self.lock.check).addCallback(self._checked)

    def _checked(self, held: bool) -> None:
        if held:
            return
        log.error("the crawl lock was lost: %s; stopping the crawl so no second crawl runs beside it", self.lock.lost)
        self.crawler.stats.set_value("newsmon/errors/lock_lost", 1)
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="lock_lost"))
