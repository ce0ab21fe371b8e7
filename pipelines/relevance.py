"""Relevance: score each article against every topic profile.

Irrelevant articles are kept (``relevant = false``) so users can audit what
was missed; only relevant ones reach developments and alerts. Runs inside
the analyse job (``pipelines.analyse``).
"""

from __future__ import annotations

from typing import Any, Sequence

from newsmon.items import ArticleItem


def judge_relevance(item: ArticleItem, topics: Sequence[Any]) -> ArticleItem:
    """Set ``topics``, ``relevant`` and ``relevance`` (the best score) on ``item``."""
    best = 0.0
    matched: list[str] = []
    for topic in topics:
        m = topic.match(item.title, item.body)
        best = max(best, float(m.score))
        if m.relevant:
            matched.append(topic.name)
    item.topics = matched
    item.relevant = bool(matched)
    item.relevance = round(best, 4)
    return item
