"""A frontier worker: one process that crawls its share of a run from the shared Redis queue.

The coordinator (``newsmon crawl`` with ``[frontier] redis_url``) planned the
run and seeded the queue; a worker takes requests from it through
scrapy-redis's scheduler, fetches and analyses pages (extract, normalize,
relevance, near-dup signature) and stores each article into the run's
database itself, concurrently with the other workers, queued for its
development (``newsmon.events.pending``): the coordinator alone assigns
near-duplicate originals and developments, in the order a single-process
crawl writes, so they come out the same whatever worker fetched what.

A worker stays while the queue has requests or another live worker is busy
(it may queue more), and ends when the whole run is idle. If Redis goes away
it stops within seconds with reason ``frontier_lost``.

Run one with ``NEWSMON_FRONTIER_URL=redis://... NEWSMON_DATABASE_URL=...
python -m newsmon.crawl.workers NAMESPACE`` (what ``newsmon crawl`` and
``newsmon worker`` start; URLs go by environment so passwords are not on a
command line); the database must be the run's (``same_database``).
Exit 0 when its share ended cleanly.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from newsmon.crawl.frontier import FrontierError, RunFrontier, RunSpec, connect, worker_id

log = logging.getLogger(__name__)

#: Seconds between heartbeats, and how long Redis may be unreachable before a worker gives up.
HEARTBEAT_S = 0.2
REDIS_GRACE_S = 5.0
#: How long a worker waits for the coordinator to publish the run it was started for.
SPEC_WAIT_S = 300.0


def quiet_scrapy_redis_warnings() -> None:
    """scrapy-redis 0.9.1 passes ``spider=`` to the stats collector and calls
    ``Spider.log()``, both deprecated in Scrapy 2.19: silence exactly those
    warnings, raised from exactly that package."""
    from scrapy.exceptions import ScrapyDeprecationWarning

    for message in (re.escape("Passing a 'spider' argument to ") + r"\w+\.\w+\(\) is deprecated", r"Spider\.log\(\) is deprecated"):
        warnings.filterwarnings("ignore", message=message, category=ScrapyDeprecationWarning, module=r"scrapy_redis(\.|$)")


@dataclass
class WorkerContext:
    """What the spider, the pipeline and the extension of one worker share."""

    frontier: RunFrontier
    wid: str
    spec: RunSpec
    #: The run's Redis, for this worker's asyncio client (``aredis``).
    redis_url: str = ""
    #: Requests of this worker waiting for a shared per-host slot (frontier_slots).
    waiting: int = 0
    _aredis: Any = None

    def aredis(self) -> Any:
        """This worker's asyncio Redis client, made on first use in the crawl's event loop.
        Middlewares that talk to Redis at every request await it: a blocking call would
        stall the worker's whole event loop (every download and parse in flight)."""
        if self._aredis is None:
            import redis.asyncio

            self._aredis = redis.asyncio.Redis.from_url(self.redis_url, socket_connect_timeout=5, socket_timeout=30)
        return self._aredis

    async def aclose(self) -> None:
        if self._aredis is not None:
            await self._aredis.aclose()
            self._aredis = None

    def __deepcopy__(self, memo: dict) -> "WorkerContext":
        # Scrapy deep-copies its settings; this is a handle on the run (it holds a
        # Redis connection), shared, not a value to copy.
        return self


def worker_config(spec: RunSpec, seeds_dir: Path, database_url: str) -> Any:
    """The worker's Config: the run's crawl settings and sources, its own database URL."""
    from newsmon.config import Config

    return Config(crawl=spec.crawl, sources=spec.sources, seeds_dir=seeds_dir, state_dir=seeds_dir, database_url=database_url)


def worker_settings(ctx: WorkerContext, config: Any) -> dict[str, Any]:
    """The Scrapy settings of a worker: newsmon's, on the shared scrapy-redis frontier."""
    from newsmon.crawl.settings import scrapy_settings

    crawl = ctx.spec.crawl
    settings = scrapy_settings(config)
    settings.update(
        {
            # scrapy_redis.scheduler.Scheduler, holding back while this worker waits for shared slots
            "SCHEDULER": "newsmon.crawl.frontier_slots.FrontierScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_KEY": ctx.frontier.requests_key,
            "SCHEDULER_DUPEFILTER_KEY": ctx.frontier.dupefilter_key,
            # The queue outlives each worker; the coordinator removes it when the run ends.
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_FLUSH_ON_START": False,
            # Never block on an empty queue: idling is decided by FrontierWorker.
            "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
            "REDIS_URL": ctx.redis_url,
            # Store and queue each article; the coordinator assigns developments.
            "NEWSMON_STORE_ASSIGN": False,
            "NEWSMON_RUN_ID": ctx.spec.run_id,
            # Write order does not matter before assignment: small batches, stored soon.
            "NEWSMON_STORE_BATCH": 20,
            "NEWSMON_FRONTIER_WORKER": ctx,
            # The delay is kept run-wide by SharedSlotMiddleware, between the starts
            # of any two requests to a host. A per-process delay on top of it would
            # hold a request back after it took the shared slot (and so let the
            # next worker's request out too soon after it); random and adaptive
            # per-process delays likewise (with no delay, no jitter either).
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "NEWSMON_SHARED_DELAY": crawl.download_delay,
            "LOG_ENABLED": False,
            "STATS_DUMP": False,
            "LOG_INSTALL_ROOT_HANDLER": False,
        }
    )
    settings["DOWNLOADER_MIDDLEWARES"] = {
        **settings["DOWNLOADER_MIDDLEWARES"],
        # Last before the download: only requests that really go out take a slot.
        "newsmon.crawl.frontier_slots.SharedSlotMiddleware": 950,
        # robots.txt read once per run and host, not once per worker.
        "newsmon.crawl.robotstxt.ObeyingRobotsTxtMiddleware": None,
        "newsmon.crawl.frontier_robots.SharedRobotsTxtMiddleware": 100,
    }
    # The coordinator holds (and watches) the crawl lock, not the workers.
    settings["EXTENSIONS"] = {**settings["EXTENSIONS"], "newsmon.crawl.workers.FrontierWorker": 500,
                              "newsmon.schedule.lockwatch.CrawlLockWatch": None}
    return settings


class FrontierWorker:
    """Heartbeat, run-wide idling and the hand-over of results, for one worker process."""

    def __init__(self, crawler: Any, ctx: WorkerContext) -> None:
        from scrapy import signals

        self.crawler = crawler
        self.ctx = ctx
        self.loop: Any = None
        self.unreachable_since: Optional[float] = None
        self.closing = False
        self.closing_deferred: Any = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)
        crawler.signals.connect(ctx.aclose, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "FrontierWorker":
        return cls(crawler, crawler.settings["NEWSMON_FRONTIER_WORKER"])

    def opened(self, spider: Any) -> None:
        from twisted.internet import task

        self.loop = task.LoopingCall(self.beat)
        self.loop.start(HEARTBEAT_S, now=True)

    def beat(self) -> None:
        engine = self.crawler.engine
        try:
            idle = engine.spider_is_idle()
            self.ctx.frontier.heartbeat(self.ctx.wid, busy=not idle)
            if idle and not self.closing and self.run_idle():
                # Scrapy asks an idle spider again only every 5 s after a DontCloseSpider:
                # end as soon as the whole run is idle, not up to 5 s later.
                self.close("finished")
        except Exception as exc:  # noqa: BLE001 - any Redis failure: count the time it lasts
            now = time.monotonic()
            self.unreachable_since = self.unreachable_since or now
            if now - self.unreachable_since > REDIS_GRACE_S:
                log.error("frontier lost: %s", exc)
                if self.loop is not None and self.loop.running:
                    self.loop.stop()
                self.crawler.stats.set_value("newsmon/frontier/lost", str(exc)[:200])
                self.close("frontier_lost")
            return
        self.unreachable_since = None

    def idle(self, spider: Any) -> None:
        from scrapy.exceptions import DontCloseSpider

        try:
            self.ctx.frontier.heartbeat(self.ctx.wid, busy=False)
            if not self.run_idle():
                raise DontCloseSpider("the run is not idle yet")
        except DontCloseSpider:
            raise
        except Exception:  # noqa: BLE001 - Redis gone: the heartbeat decides when to give up
            if self.unreachable_since is None or time.monotonic() - self.unreachable_since <= REDIS_GRACE_S:
                raise DontCloseSpider("the frontier is not answering") from None

    def close(self, reason: str) -> None:
        """Close the spider (once), as a task on the reactor's asyncio loop."""
        from scrapy.utils.defer import deferred_from_coro

        if self.closing:
            return
        self.closing = True
        self.closing_deferred = deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))
        self.closing_deferred.addErrback(lambda failure: log.error("closing the worker failed: %s", failure.value))

    def run_idle(self) -> bool:
        """Nothing queued in the frontier and no other worker busy."""
        return not self.ctx.frontier.queued() and not self.ctx.frontier.others_busy(self.ctx.wid)

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        from newsmon.crawl.context import ATTRIBUTE

        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        context = getattr(self.crawler, ATTRIBUTE)
        result = {"stats": stats, "ledger": context.ledger, "set_aside": list(context.set_aside)}
        record = {"host": socket.gethostname(), "pid": os.getpid(), "state": "done" if reason == "finished" else "failed", "reason": reason,
                  "pages": int(stats.get("downloader/response_count", 0) or 0), "stored": int(stats.get("newsmon/articles/new", 0) or 0)}
        try:
            self.ctx.frontier.finish(self.ctx.wid, result)
            self.ctx.frontier.set_worker(self.ctx.wid, record)
            self.ctx.frontier.heartbeat(self.ctx.wid, busy=False)
        except Exception as exc:  # noqa: BLE001 - the coordinator sees this worker as lost
            log.error("could not hand over this worker's results: %s", exc)


def wait_for_spec(frontier: RunFrontier, timeout: float = SPEC_WAIT_S) -> RunSpec:
    """The run's spec; a local worker may start before the coordinator has planned."""
    deadline = time.monotonic() + timeout
    while True:
        spec = frontier.spec()
        if spec is not None:
            return spec
        if time.monotonic() > deadline:
            raise FrontierError(f"run {frontier.ns} is not (or no longer) in the frontier")
        time.sleep(0.05)


def same_database(db: Any, spec: RunSpec) -> bool:
    """True when ``db`` is the database the run stores into: it holds the run's row,
    started at the moment the coordinator published (URLs may name it differently
    from different hosts, so they are not compared)."""
    from newsmon.store.models import Run

    with db.session() as session:
        run = session.get(Run, spec.run_id)
        return run is not None and run.started_at.isoformat() == spec.extra.get("run_started")


def run_worker(redis_url: str, ns: str, database_url: str) -> int:
    """Crawl this process's share of run ``ns``, storing into ``database_url``; 0 when it ended cleanly."""
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import CrawlerProcess

    from newsmon.app import App
    from newsmon.crawl.context import ATTRIBUTE, CrawlContext
    from newsmon.crawl.spiders.news import NewsSpider
    from newsmon.topics import load_topics

    quiet_scrapy_redis_warnings()
    frontier = RunFrontier(connect(redis_url), ns)
    spec = wait_for_spec(frontier)
    with tempfile.TemporaryDirectory(prefix="newsmon-worker-") as tmp:
        seeds_dir = Path(tmp)
        for name, data in spec.topic_files.items():
            (seeds_dir / Path(name).name).write_bytes(data)
        app = App(worker_config(spec, seeds_dir, database_url))
        try:
            app.database()  # reachable, and at the coordinator's schema, before joining
        except Exception as exc:  # noqa: BLE001 - one line, as `newsmon crawl` says it
            from newsmon.redact import mask, url_passwords

            first = (str(exc).strip().splitlines() or [""])[0]
            raise FrontierError(f"cannot open the run's database: {mask(first, url_passwords(database_url))}") from None
        if not same_database(app.database(), spec):
            raise FrontierError(f"run {spec.run_id} stores into another database than this worker's database_url")
        wid = worker_id()
        frontier.set_worker(wid, {"host": socket.gethostname(), "pid": os.getpid(), "state": "running", "reason": None})
        frontier.heartbeat(wid, busy=True)
        # Look at the shared queue every second, not every 5 s (Scrapy's default), so
        # a worker waiting for others picks up what they queue without delay.
        ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = 1.0
        ctx = WorkerContext(frontier, wid, spec, redis_url=redis_url)
        process = CrawlerProcess(worker_settings(ctx, app.config))
        crawler = process.create_crawler(NewsSpider)
        # The plan is the coordinator's; what the sources answered goes back to it
        # (FrontierWorker.closed), articles go to the database (queued for assignment).
        setattr(crawler, ATTRIBUTE, CrawlContext(app=app, topics=load_topics(seeds_dir), plan=spec.plan, run_id=spec.run_id))
        try:
            process.crawl(crawler)
            process.start()
        finally:
            app.close()
        reason = (crawler.stats.get_stats() if crawler.stats else {}).get("finish_reason")
    return 0 if reason == "finished" else 1


def main(argv: Optional[list[str]] = None) -> int:
    from newsmon import redact
    from newsmon.logconfig import SecretFilter

    args = sys.argv[1:] if argv is None else argv
    url = os.environ.get("NEWSMON_FRONTIER_URL")
    database_url = os.environ.get("NEWSMON_DATABASE_URL")
    if len(args) != 1 or not url or not database_url:
        print("usage: NEWSMON_FRONTIER_URL=redis://... NEWSMON_DATABASE_URL=... python -m newsmon.crawl.workers NAMESPACE",
              file=sys.stderr)
        return 2
    # Warnings and errors only, on stderr (the coordinator's terminal or log); a
    # level on the handler, since Scrapy resets the root logger's level.
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s worker %(process)d %(levelname)s %(name)s: %(message)s"))
    if database_url:  # never in this worker's log lines
        redact.remember(*redact.url_passwords(database_url), os.environ.get("PGPASSWORD"))
    handler.addFilter(SecretFilter(redact.url_passwords(database_url or "")))
    logging.root.addHandler(handler)
    try:
        return run_worker(url, args[0], database_url)
    except FrontierError as exc:
        print(f"newsmon: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
