"""The analyse pipeline's worker pool when a page kills its worker process."""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy.exceptions import DropItem

from newsmon.items import ArticleItem
from pipelines.analyse import AnalysePipeline
from tests.pipelines.crashing import CrashOn, article_html
from tests.pipelines.stats import Stats


def page(n: int, *, crash: bool = False) -> ArticleItem:
    url = f"http://news.example/news/{n}"
    return ArticleItem(url=url, html=article_html(f"Story {n}", marker=crash), content_type="text/html",
                       source_lastmod="2024-11-14", listed_url=f"http://news.example/go/{n}" if crash else None)


def test_a_page_that_kills_its_worker_is_set_aside_and_the_run_goes_on() -> None:
    stats, set_aside = Stats(), []
    pipe = AnalysePipeline(2, [CrashOn()], stats, on_set_aside=set_aside.append)

    async def go() -> tuple[list[Any], list[Any]]:
        pipe.open_spider()
        # The killer in the middle of pages analysed at the same time: their jobs die with it.
        first = await asyncio.gather(*(pipe.process_item(page(n, crash=n == 3)) for n in range(6)), return_exceptions=True)
        # Every later page is analysed as usual (before, each failed with BrokenProcessPool).
        later = await asyncio.gather(*(pipe.process_item(page(n)) for n in range(6, 10)), return_exceptions=True)
        return first, later

    try:
        first, later = asyncio.run(go())
    finally:
        pipe.close_spider()
    assert isinstance(first[3], DropItem), first[3]
    assert all(isinstance(r, ArticleItem) and r.title == f"Story {n}" for n, r in enumerate(first) if n != 3), first
    assert all(isinstance(r, ArticleItem) for r in later), later
    assert stats.values["newsmon/errors/analysis_set_aside"] == 1
    assert stats.values["newsmon/analysis/pool_restarts"] == 1
    assert stats.values["newsmon/articles/extracted"] == 9
    [aside] = set_aside
    assert aside.urls == ["http://news.example/news/3", "http://news.example/go/3"]
    assert aside.source_lastmod == "2024-11-14" and aside.reason == "analysis_crashed"
