"""A progress line for crawls run on a terminal (pages fetched, articles stored).

Enabled by ``newsmon crawl`` only when stderr is a tty; under cron the run
prints a short summary instead.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals


class ProgressLine:
    def __init__(self, stats: Any, every: float = 0.5) -> None:
        self.stats = stats
        self.every = every
        self.last = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ProgressLine":
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.tick, signal=signals.response_received)
        crawler.signals.connect(ext.tick, signal=signals.item_scraped)
        crawler.signals.connect(ext.done, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        get = self.stats.get_value
        return (
            f"pages fetched {get('downloader/response_count', 0)}"
            f" · articles new {get('newsmon/articles/new', 0)}"
            f" · developments new {get('newsmon/events/developments/new', 0)}"
            f" · errors {sum(v for k, v in self.stats.get_stats().items() if k.startswith('newsmon/errors/'))}"
        )

    def tick(self, *args: Any, **kwargs: Any) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            sys.stderr.write("\r\033[K" + self.line())
            sys.stderr.flush()

    def done(self, *args: Any, **kwargs: Any) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
