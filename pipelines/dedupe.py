"""Exact-dedupe pipeline: one article per canonical URL and per body, within a run.

Across runs (and across processes) the same guarantee is the database's:
unique constraints on ``canonical_url`` and ``body_hash`` with an
insert-or-ignore in the store step. This stage only saves that work when one
crawl meets the same article twice (a feed and a sitemap listing it).
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
        keys = [f"u:{item.canonical_url}"] + ([f"b:{item.body_hash}"] if item.body_hash else [])
        if any(k in self.seen for k in keys):
            self.stats.inc_value("newsmon/duplicates/exact")
            raise DropItem(f"exact duplicate in this run: {item.url}", log_level="DEBUG")
        self.seen.update(keys)
        return item
