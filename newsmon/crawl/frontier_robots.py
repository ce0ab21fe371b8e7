"""robots.txt read once per run and host, whatever the number of workers.

Scrapy's ``RobotsTxtMiddleware`` keeps what it read per process: N workers
would each fetch every outlet's robots.txt, N requests where one process
makes one, and each worker would hold its first request to a host until its
own copy came in. Here the first worker to need a host's robots.txt claims it
in Redis (``SET NX``), fetches it as Scrapy would (through the downloader, so
the host's shared slot applies) and publishes the body; the others wait for
that body and build the same parser from it. A fetch that fails is published
as failed (every worker then allows the host, as Scrapy does). A worker that
dies holding the claim holds it at most its lease (the download timeout per
attempt, plus 10 s), then another worker fetches. If Redis does not answer,
the worker reads robots.txt itself, as a single process would.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from newsmon.crawl.robotstxt import ObeyingRobotsTxtMiddleware

log = logging.getLogger(__name__)

#: Seconds between two looks at a robots.txt another worker is fetching.
POLL_S = 0.05
#: Published values: the body after ``BODY``, or ``FAILED`` (allow the host).
BODY, FAILED = b"B", b"F"
#: Published robots.txt outlive no run (the run's keys are removed at its end); a day at most.
KEEP_MS = 86_400_000


class SharedRobotsTxtMiddleware(ObeyingRobotsTxtMiddleware):
    """Settings: ``NEWSMON_FRONTIER_WORKER`` (the run), ``DOWNLOAD_TIMEOUT`` and
    ``RETRY_TIMES`` (how long a claim lasts), and Scrapy's ``ROBOTSTXT_*``."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        s = crawler.settings
        self.ctx = s["NEWSMON_FRONTIER_WORKER"]
        self.claim_ms = int(((s.getint("RETRY_TIMES") + 1) * s.getfloat("DOWNLOAD_TIMEOUT") + 10) * 1000)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SharedRobotsTxtMiddleware":
        from scrapy.exceptions import NotConfigured

        if crawler.settings.get("NEWSMON_FRONTIER_WORKER") is None:
            raise NotConfigured("not a frontier worker")
        return cls(crawler)

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            waiting = self._parsers[netloc] = Deferred()
            try:
                published = await self._shared(request, netloc)
            except Exception as exc:  # noqa: BLE001 - Redis not answering: read it ourselves
                log.warning("shared robots.txt of %s unavailable (%s); reading it in this worker", netloc, exc)
                del self._parsers[netloc]
                parser = await super().robot_parser(request)
            else:
                parser = None
                if published[:1] == BODY:
                    parser = build_from_crawler(self._parserimpl, self.crawler, published[1:])
                    # As Scrapy's middleware does for each robots.txt it parses.
                    await self.crawler.signals.send_catch_log_async(signal=signals.robots_parsed, robotparser=parser, request=request)
                self._parsers[netloc] = parser
            waiting.callback(parser)
            return parser
        return await super().robot_parser(request)  # known, or being read: every waiter obeys it

    async def _shared(self, request: Request, netloc: str) -> bytes:
        """The run's robots.txt for ``netloc`` as published (``BODY`` + body, or ``FAILED``):
        fetched here if no worker has claimed it, else awaited."""
        client = self.ctx.aredis()
        key = self.ctx.frontier.key(f"robots:{netloc}")
        while True:
            published = await client.get(key)
            if published is not None:
                return bytes(published)
            if await client.set(f"{key}:claim", self.ctx.wid, nx=True, px=self.claim_ms):
                published = await self._fetch(request)
                self.crawler.stats.inc_value("robotstxt/request_count")
                try:
                    await client.set(key, published, px=KEEP_MS)
                except Exception as exc:  # noqa: BLE001 - the others fetch it once the claim lapses
                    log.warning("could not share robots.txt of %s: %s", netloc, exc)
                return published
            await asyncio.sleep(POLL_S)

    async def _fetch(self, request: Request) -> bytes:
        """Download the host's robots.txt as Scrapy's middleware does; what to publish."""
        url = urlparse_cached(request)
        robots = Request(f"{url.scheme}://{url.netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                         meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
        try:
            response = await self.crawler.engine.download_async(robots)
        except Exception as exc:  # noqa: BLE001 - as Scrapy: log it, then allow the host
            if not isinstance(exc, IgnoreRequest):
                log.error("Error downloading %s: %s", robots, exc)
                self.crawler.stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
            return FAILED
        self.crawler.stats.inc_value("robotstxt/response_count")
        self.crawler.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        return BODY + response.body
