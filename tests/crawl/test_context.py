"""One crawl, one context: the database opened (and migrated) once, profiles and seeds read once,
the plan handed to the spider, the validators saved by the crawl layer when the spider closes."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from newsmon.app import App
from newsmon.config import Config, SourceConfig
from newsmon.crawl.context import attach, crawl_context, open_context
from newsmon.crawl.settings import scrapy_settings
from newsmon.crawl.spiders.news import NewsSpider
from pipelines.analyse import AnalysePipeline
from pipelines.store import StorePipeline

ROOT = Path(__file__).resolve().parents[2]
FEED = SourceConfig(type="feed", url="http://news.example/rss.xml", name="Example")


class Counted:
    """Wraps a function and counts its calls."""

    def __init__(self, fn: Any) -> None:
        self.fn, self.calls = fn, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.fn(*args, **kwargs)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counted]:
    import newsmon.pages.seeds
    import newsmon.store.database
    import newsmon.topics

    out = {}
    for name, module, attr in (("migrate", newsmon.store.database, "migrate"),
                               ("topics", newsmon.topics, "load_topics"),
                               ("seeds", newsmon.pages.seeds, "load_seed_documents")):
        out[name] = Counted(getattr(module, attr))
        monkeypatch.setattr(module, attr, out[name])
    return out


def test_every_component_shares_the_cycles_context(db_url: str, counted: dict[str, Counted]) -> None:
    config = Config(database_url=db_url, sources=(FEED,), seeds_dir=ROOT / "seeds")
    app = App(config)
    try:
        context = open_context(app, run_id=None)
        crawler = get_crawler(NewsSpider, scrapy_settings(config))
        attach(crawler, context)
        spider = NewsSpider.from_crawler(crawler)
        analyse = AnalysePipeline.from_crawler(crawler)
        store = StorePipeline.from_crawler(crawler)
        assert crawl_context(crawler) is context
        assert spider.plan is context.plan and spider.plan.sources[0].url == FEED.url
        assert analyse.topics is context.topics and store.app is app
        assert {k: c.calls for k, c in counted.items()} == {"migrate": 1, "topics": 1, "seeds": 1}

        # The spider records answers in the ledger; the crawl layer saves them when the spider closes.
        spider.ledger.answered(context.plan.sources[0], 200, '"v1"', None)
        asyncio.run(crawler.signals.send_catch_log_async(signal=signals.spider_closed, spider=spider, reason="finished"))
        assert open_context(app).plan.sources[0].etag == '"v1"'
    finally:
        app.close()


def test_scrapy_crawl_opens_its_own_context_once(db_url: str, counted: dict[str, Counted]) -> None:
    config = Config(database_url=db_url, sources=(FEED,), seeds_dir=ROOT / "seeds")
    crawler = get_crawler(NewsSpider, scrapy_settings(config))
    spider = NewsSpider.from_crawler(crawler)
    StorePipeline.from_crawler(crawler)
    AnalysePipeline.from_crawler(crawler)
    context = crawl_context(crawler)
    try:
        assert spider.plan is context.plan and spider.ledger is context.ledger
        assert {k: c.calls for k, c in counted.items()} == {"migrate": 1, "topics": 1, "seeds": 1}
    finally:
        context.app.close()
