"""robots.txt shared by a run's workers through Redis (newsmon.crawl.frontier_robots).

Two workers of one run, each with its own middleware (as in two processes),
ask for the same host at once: one fetches robots.txt, the other builds the
same rules from what the first published. The download is a stand-in that
counts calls (the crawl-level tests in test_scaleout.py count robots.txt
requests at a real server); Redis is real.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Union

import pytest
import redis
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from newsmon.crawl.frontier import RunFrontier
from newsmon.crawl.frontier_robots import SharedRobotsTxtMiddleware
from newsmon.crawl.workers import WorkerContext
from tests.crawl.test_scaleout_support import needs_redis
from tests.ports import reserved_port

REDIS = "redis://127.0.0.1:6379/0"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class Downloads:
    """The engine's download, shared by the workers of a test: one host's answers, counted."""

    def __init__(self, answer: Union[bytes, Exception]) -> None:
        self.answer = answer
        self.urls: list[str] = []

    def engine(self) -> Any:
        downloads = self

        class Engine:
            async def download_async(self, request: Request) -> TextResponse:
                downloads.urls.append(request.url)
                await asyncio.sleep(0.1)  # the other worker asks meanwhile
                if isinstance(downloads.answer, Exception):
                    raise downloads.answer
                return TextResponse(request.url, body=downloads.answer, encoding="utf-8")

        return Engine()


@pytest.fixture
def run_ns() -> Any:
    needs_redis()
    client = redis.Redis.from_url(REDIS)
    frontier = RunFrontier(client, f"newsmon:test-robots:run:{uuid.uuid4().hex}")
    yield frontier
    frontier.remove()
    client.close()


def worker(frontier: RunFrontier, downloads: Downloads, redis_url: str = REDIS) -> tuple[SharedRobotsTxtMiddleware, WorkerContext]:
    ctx = WorkerContext(frontier, uuid.uuid4().hex, spec=None, redis_url=redis_url)  # type: ignore[arg-type]
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, "NEWSMON_FRONTIER_WORKER": ctx, "DOWNLOAD_TIMEOUT": 5})
    crawler.engine = downloads.engine()  # type: ignore[assignment]
    return SharedRobotsTxtMiddleware.from_crawler(crawler), ctx


async def allowed(middleware: SharedRobotsTxtMiddleware, url: str) -> bool:
    try:
        await middleware.process_request(Request(url))
    except IgnoreRequest:
        return False
    return True


def test_two_workers_read_a_hosts_robots_txt_once_and_obey_it(run_ns: RunFrontier) -> None:
    downloads = Downloads(ROBOTS)
    (first, a), (second, b) = worker(run_ns, downloads), worker(run_ns, downloads)
    parsed: list[str] = []  # robots_parsed, as Scrapy sends it: once per worker and host
    for m in (first, second):
        m.crawler.signals.connect(lambda **kw: parsed.append(kw["request"].url), signal=signals.robots_parsed, weak=False)

    async def go() -> list[bool]:
        try:
            both = await asyncio.gather(allowed(first, "http://outlet.test/private/1"), allowed(second, "http://outlet.test/private/2"))
            return [*both, await allowed(second, "http://outlet.test/news/1"), await allowed(first, "http://outlet.test/news/2")]
        finally:
            await a.aclose()
            await b.aclose()

    assert asyncio.run(go()) == [False, False, True, True]
    assert downloads.urls == ["http://outlet.test/robots.txt"]
    assert sorted(parsed) == ["http://outlet.test/private/1", "http://outlet.test/private/2"]
    # Published under the run's keys (removed with the run).
    assert run_ns.redis.get(run_ns.key("robots:outlet.test")) == b"B" + ROBOTS


def test_a_failed_robots_fetch_is_shared_as_allow_all(run_ns: RunFrontier) -> None:
    downloads = Downloads(ConnectionRefusedError("refused"))
    (first, a), (second, b) = worker(run_ns, downloads), worker(run_ns, downloads)

    async def go() -> list[bool]:
        try:
            return list(await asyncio.gather(allowed(first, "http://down.test/private/1"), allowed(second, "http://down.test/private/2")))
        finally:
            await a.aclose()
            await b.aclose()

    assert asyncio.run(go()) == [True, True]  # as Scrapy: no robots.txt read, nothing forbidden
    assert downloads.urls == ["http://down.test/robots.txt"]


def test_without_redis_a_worker_reads_robots_txt_itself(run_ns: RunFrontier) -> None:
    downloads = Downloads(ROBOTS)
    closed = f"redis://127.0.0.1:{reserved_port()}/0"  # nothing listens there
    middleware, ctx = worker(run_ns, downloads, redis_url=closed)

    async def go() -> list[bool]:
        try:
            return [await allowed(middleware, "http://outlet.test/private/1"), await allowed(middleware, "http://outlet.test/news/1")]
        finally:
            await ctx.aclose()

    assert asyncio.run(go()) == [False, True]
    assert downloads.urls == ["http://outlet.test/robots.txt"]


def test_every_request_waiting_for_a_robots_txt_in_flight_obeys_it(run_ns: RunFrontier) -> None:
    """Three requests to one host at once in one worker: the first reads robots.txt, the
    other two wait for it. A Deferred hands its result to its first waiter only (the next
    ones got None: allowed), so the waiters must read the parser, not the Deferred's result."""
    downloads = Downloads(ROBOTS)
    middleware, ctx = worker(run_ns, downloads)

    async def go() -> list[bool]:
        try:
            return list(await asyncio.gather(*(allowed(middleware, f"http://outlet.test/private/{i}") for i in range(3))))
        finally:
            await ctx.aclose()

    assert asyncio.run(go()) == [False, False, False]
    assert downloads.urls == ["http://outlet.test/robots.txt"]
