"""Relevance pipeline: score each article against every topic profile.

Irrelevant articles are kept (``relevant = false``) so users can audit what
was missed; only relevant ones reach developments and alerts.
"""

from __future__ import annotations

from typing import Any

from newsmon.items import ArticleItem


class RelevancePipeline:
    """Reads the profiles (``seeds/*.toml``) once per crawl."""

    def __init__(self, topics: list, stats: Any) -> None:
        self.topics = topics
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RelevancePipeline":
        from newsmon.app import App
        from newsmon.crawlsettings import crawl_config
        from newsmon.topics import load_topics

        config = crawl_config(crawler)
        return cls(load_topics(App(config).seeds_dir()), crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        best = 0.0
        matched: list[str] = []
        for topic in self.topics:
            m = topic.match(item.title, item.body)
            best = max(best, float(m.score))
            if m.relevant:
                matched.append(topic.name)
        item.topics = matched
        item.relevant = bool(matched)
        item.relevance = round(best, 4)
        self.stats.inc_value("newsmon/articles/relevant" if item.relevant else "newsmon/articles/irrelevant")
        return item
