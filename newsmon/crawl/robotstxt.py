"""Scrapy's robots.txt middleware, with every request that waits for a robots.txt obeying it.

While a host's robots.txt downloads, Scrapy's ``RobotsTxtMiddleware`` (2.19)
keeps a Deferred for it and each request to that host awaits the Deferred's
result. A Deferred hands its result to its first waiter only (Twisted's
``asFuture`` callback returns None to the next one), so the second and later
requests got None, "no robots.txt", and went out unchecked: a crawl that
starts several sources on one host, or a listing's links, could fetch pages
the site disallows. Here a waiting request reads the parser the middleware
stored before firing the Deferred.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class ObeyingRobotsTxtMiddleware(RobotsTxtMiddleware):
    """In place of ``scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware`` (same settings)."""

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        pending = self._parsers.get(netloc)
        if isinstance(pending, Deferred):
            await maybe_deferred_to_future(pending)  # its result may already be spent: not read
            return self._parsers[netloc]
        return await super().robot_parser(request)
