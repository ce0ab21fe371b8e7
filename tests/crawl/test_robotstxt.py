"""A single-process crawl's robots.txt middleware (newsmon.crawl.robotstxt): every request
to a host that arrives while its robots.txt downloads obeys it, not only the first."""

from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.test import get_crawler

from newsmon.crawl.robotstxt import ObeyingRobotsTxtMiddleware
from newsmon.crawl.settings import scrapy_settings
from newsmon.config import Config
from tests.crawl.test_frontier_robots import ROBOTS, Downloads, allowed


def _answers(cls: type) -> list[bool]:
    downloads = Downloads(ROBOTS)
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True})
    crawler.engine = downloads.engine()  # type: ignore[assignment]
    middleware = cls.from_crawler(crawler)

    async def go() -> list[bool]:
        urls = [f"http://outlet.test/private/{i}" for i in range(3)] + ["http://outlet.test/news/1"]
        return list(await asyncio.gather(*(allowed(middleware, u) for u in urls)))

    answers = asyncio.run(go())
    assert downloads.urls == ["http://outlet.test/robots.txt"]
    return answers


def test_requests_waiting_for_robots_txt_all_obey_it() -> None:
    assert _answers(ObeyingRobotsTxtMiddleware) == [False, False, False, True]


def test_scrapys_own_middleware_let_the_later_waiters_through() -> None:
    """Why newsmon replaces it: what this test pins is Scrapy 2.19's behaviour."""
    assert _answers(RobotsTxtMiddleware) != [False, False, False, True]


def test_the_crawl_uses_newsmons_middleware_in_place_of_scrapys() -> None:
    middlewares = scrapy_settings(Config())["DOWNLOADER_MIDDLEWARES"]
    assert middlewares["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] is None
    assert middlewares["newsmon.crawl.robotstxt.ObeyingRobotsTxtMiddleware"] == 100
