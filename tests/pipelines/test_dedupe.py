"""The exact-dedupe pipeline's process_item: one article per canonical URL and per body in a run."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from newsmon.items import ArticleItem
from pipelines.dedupe import ExactDedupePipeline
from tests.pipelines.stats import Stats


def test_a_second_copy_by_url_or_by_body_is_dropped_and_counted() -> None:
    stats = Stats()
    pipe = ExactDedupePipeline(stats)
    first = ArticleItem(url="http://a.example/1", canonical_url="http://a.example/1", body_hash="h1")
    assert pipe.process_item(first) is first
    with pytest.raises(DropItem):
        pipe.process_item(ArticleItem(url="http://a.example/1?x", canonical_url="http://a.example/1", body_hash="h2"))
    with pytest.raises(DropItem):
        pipe.process_item(ArticleItem(url="http://b.example/9", canonical_url="http://b.example/9", body_hash="h1"))
    other = ArticleItem(url="http://a.example/2", canonical_url="http://a.example/2", body_hash=None)
    assert pipe.process_item(other) is other
    # An article without a body hash is keyed by its URL only.
    assert pipe.process_item(ArticleItem(url="http://a.example/3", canonical_url="http://a.example/3")).url.endswith("/3")
    assert stats.values["newsmon/duplicates/exact"] == 2
