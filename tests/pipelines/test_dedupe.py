"""The exact-dedupe pipeline's process_item: one article per canonical URL in a run.

A page with the same body at another URL goes on (issue 15): the store keeps it as a copy.
"""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from newsmon.items import ArticleItem
from pipelines.dedupe import ExactDedupePipeline
from tests.pipelines.stats import Stats


def test_a_second_copy_by_url_is_dropped_and_counted_and_a_copy_by_body_goes_on() -> None:
    stats = Stats()
    pipe = ExactDedupePipeline(stats)
    first = ArticleItem(url="http://a.example/1", canonical_url="http://a.example/1", body_hash="h1")
    assert pipe.process_item(first) is first
    with pytest.raises(DropItem):
        pipe.process_item(ArticleItem(url="http://a.example/1?x", canonical_url="http://a.example/1", body_hash="h2"))
    copy = ArticleItem(url="http://b.example/9", canonical_url="http://b.example/9", body_hash="h1")
    assert pipe.process_item(copy) is copy
    other = ArticleItem(url="http://a.example/2", canonical_url="http://a.example/2", body_hash=None)
    assert pipe.process_item(other) is other
    # Keyed by URL only, with or without a body hash.
    assert pipe.process_item(ArticleItem(url="http://a.example/3", canonical_url="http://a.example/3")).url.endswith("/3")
    assert stats.values["newsmon/duplicates/exact"] == 1
