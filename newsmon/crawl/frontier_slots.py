"""Politeness for a whole run: one per-host slot shared by every worker, in Redis.

Scrapy enforces ``DOWNLOAD_DELAY`` and ``CONCURRENT_REQUESTS_PER_DOMAIN`` per
process; N workers would hit one outlet N times as hard. Before a request goes
out, this middleware takes the host's shared slot with one atomic Redis
script: at most ``concurrent_requests_per_domain`` leases at a time across
the run; and with a ``download_delay``, the host's slot stays closed from the
moment a request takes it until its answer (or error) is in, and opens
``download_delay`` after that. So the server sees at least the delay between
two requests however late a busy worker sends, at the price of one request
at a time per host while a delay is set (Scrapy alone overlaps them when an
answer takes longer than the delay). A worker that dies holding the slot
holds it at most ``DOWNLOAD_TIMEOUT`` + 10 s. A worker that cannot take the slot waits and asks again; a lease
is returned when the answer (or the error) comes back, and expires on its own
if its worker dies. A worker takes no more from the shared queue while it has
enough requests waiting for a slot, so the work spreads over the workers.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Optional
from urllib.parse import urlsplit

from scrapy_redis.scheduler import Scheduler

#: Takes a lease, or says how many milliseconds to wait (at most 100: a held slot
#: opens when an answer comes in, which no one can know in advance).
#: KEYS: leases (zset token -> expiry ms), next start (ms).
#: ARGV: limit, delay ms, lease ms, token, hold ms (how long the slot stays closed at most).
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit, delay, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if redis.call('ZCARD', KEYS[1]) >= limit then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, math.min(50, tonumber(first[2]) - now))
end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return math.min(nxt - now, 100) end
redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[1], lease + 60000)
if delay > 0 then redis.call('SET', KEYS[2], now + tonumber(ARGV[5]), 'PX', tonumber(ARGV[5])) end
return 0
"""

#: The answer to the request that took the slot is in: the next start is ``delay``
#: from now. KEYS: next start. ARGV: delay ms.
_ANSWERED = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 60000)
return 0
"""


#: Extra time on top of the delay, for clocks: Redis's decides.
MARGIN_MS = 20


class SharedSlotMiddleware:
    """Settings: ``NEWSMON_FRONTIER_WORKER`` (the run's frontier), ``NEWSMON_SHARED_DELAY``
    (``[crawl] download_delay``; the worker's own ``DOWNLOAD_DELAY`` is 0),
    ``CONCURRENT_REQUESTS_PER_DOMAIN`` and ``DOWNLOAD_TIMEOUT`` (a lease lasts at most
    that long plus 10 s)."""

    def __init__(self, ctx: Any, delay_ms: int, limit: int, lease_ms: int) -> None:
        self.ctx = ctx
        self.frontier = ctx.frontier
        self.delay_ms = delay_ms
        self.limit = limit
        self.lease_ms = lease_ms
        self.scripts: Any = None  # (acquire, answered) on the worker's asyncio client, made on first use

    def _scripts(self) -> tuple[Any, Any]:
        """The two scripts, on the worker's asyncio Redis client (``WorkerContext.aredis``)."""
        if self.scripts is None:
            client = self.ctx.aredis()
            self.scripts = (client.register_script(_ACQUIRE), client.register_script(_ANSWERED))
        return self.scripts

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SharedSlotMiddleware":
        from scrapy.exceptions import NotConfigured

        ctx = crawler.settings.get("NEWSMON_FRONTIER_WORKER")
        if ctx is None:
            raise NotConfigured("not a frontier worker")
        s = crawler.settings
        delay = s.getfloat("NEWSMON_SHARED_DELAY")
        return cls(
            ctx,
            delay_ms=int(delay * 1000) + (MARGIN_MS if delay > 0 else 0),
            limit=max(1, s.getint("CONCURRENT_REQUESTS_PER_DOMAIN")),
            lease_ms=int((s.getfloat("DOWNLOAD_TIMEOUT") + 10) * 1000),
        )

    def _keys(self, request: Any) -> list[str]:
        host = (urlsplit(request.url).hostname or "").lower()
        return [self.frontier.key(f"slot:{host}:leases"), self.frontier.key(f"slot:{host}:next")]

    async def process_request(self, request: Any) -> None:
        token = uuid.uuid4().hex
        keys = self._keys(request)
        acquire, _ = self._scripts()
        waiting = False
        try:
            while True:
                wait_ms = int(await acquire(keys=keys, args=[self.limit, self.delay_ms, self.lease_ms, token, self.lease_ms]))
                if wait_ms <= 0:
                    break
                if not waiting:
                    waiting = True
                    self.ctx.waiting += 1
                await asyncio.sleep(wait_ms / 1000)
        finally:
            if waiting:
                self.ctx.waiting -= 1
        request.meta["newsmon_slot_lease"] = token
        return None

    async def _release(self, request: Any) -> None:
        """The answer (or the error) is in: return the lease; with a delay, open the
        slot ``delay`` from now."""
        token: Optional[str] = request.meta.pop("newsmon_slot_lease", None)
        if token is not None:
            keys = self._keys(request)
            _, answered = self._scripts()
            try:
                await self.ctx.aredis().zrem(keys[0], token)
                if self.delay_ms:
                    await answered(keys=keys[1:], args=[self.delay_ms])
            except Exception:  # noqa: BLE001 - the lease and the hold expire by themselves
                pass

    async def process_response(self, request: Any, response: Any) -> Any:
        await self._release(request)
        return response

    async def process_exception(self, request: Any, exception: Exception) -> None:
        await self._release(request)
        return None


class FrontierScheduler(Scheduler):
    """scrapy-redis's scheduler that leaves requests in the shared queue while this
    worker already has ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests (one, with a
    delay) waiting for a shared slot: otherwise the first worker would take everything it has room
    for, and the others, joining a second later, would find the queue empty."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FrontierScheduler":
        scheduler = super().from_crawler(crawler)
        scheduler.ctx = crawler.settings["NEWSMON_FRONTIER_WORKER"]
        # With a delay a host takes one request at a time: one waiting is enough.
        delay = crawler.settings.getfloat("NEWSMON_SHARED_DELAY")
        scheduler.max_waiting = 1 if delay > 0 else max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        return scheduler

    def next_request(self) -> Any:
        if self.ctx.waiting >= self.max_waiting:
            return None
        return super().next_request()
