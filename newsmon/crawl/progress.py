"""A progress line for crawls run on a terminal (pages fetched, articles stored).

Enabled by ``newsmon crawl`` only when stderr is a tty; under cron the run
prints a short summary instead. Log lines go through ``STATUS_LINE`` too
(newsmon.logconfig.StatusLineHandler), which prints them above the progress line and redraws
it, so the line is never broken. Its counts are the run summary's
(``counts_from_stats``), so the last line shown and the summary agree.
"""

from __future__ import annotations

import time
from typing import Any

from scrapy import signals

from newsmon.logconfig import STATUS_LINE, StatusLine




class ProgressLine:
    def __init__(self, stats: Any, every: float = 0.5, status: StatusLine = STATUS_LINE) -> None:
        self.stats = stats
        self.every = every
        self.last = 0.0
        self.status = status

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ProgressLine":
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.tick, signal=signals.response_received)
        crawler.signals.connect(ext.tick, signal=signals.item_scraped)
        crawler.signals.connect(ext.done, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        from newsmon.crawl.cycle import counts_from_stats

        counts, errors = counts_from_stats(self.stats.get_stats())
        return (
            f"pages fetched {counts['pages_fetched']}"
            f" · articles new {counts['articles_new']}"
            f" · developments new {counts['developments_new']}"
            f" · errors {sum(errors.values())}"
        )

    def tick(self, *args: Any, **kwargs: Any) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.status.show(self.line())

    def done(self, *args: Any, **kwargs: Any) -> None:
        self.status.clear()
