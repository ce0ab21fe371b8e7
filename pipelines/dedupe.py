"""Exact-dedupe pipeline: one article per canonical URL within a run.

A crawl meets the same page twice when a feed and a sitemap both list it;
this stage saves storing it twice. Pages with the same body at different
URLs go on: each is stored, the copies pointing at their original
(``newsmon.events.record``). Across runs the same guarantee is the
database's: a unique canonical URL with an insert-or-ignore in the store step.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from newsmon.items import ArticleItem


class ExactDedupePipeline:
    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ExactDedupePipeline":
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        key = item.canonical_url or item.url
        if key in self.seen:
            self.stats.inc_value("newsmon/duplicates/exact")  # one page under two addresses
            raise DropItem(f"seen in this run: {item.url}", log_level="DEBUG")
        self.seen.add(key)
        return item
