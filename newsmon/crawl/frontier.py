"""The shared frontier of one crawl run: its Redis keys and what goes through them.

One run on several worker processes and hosts shares, in Redis: the request
queue and duplicate filter of scrapy-redis (``scrapy_redis.scheduler.Scheduler``,
``scrapy_redis.dupefilter.RFPDupeFilter``), the run's spec (crawl settings,
sources, topic profiles and the plan, so a worker needs only Redis and the database),
each worker's state and heartbeat, and each worker's final stats and source
validators (articles go to the database, not through Redis). Every key
starts with ``newsmon:<database key>:run:<run id>``, so runs of different
databases never meet, and the coordinator deletes them when the run ends.

No secret goes into Redis: no database URL (each worker has its own, from
its environment), no SMTP settings. Values are
pickled, as scrapy-redis pickles requests: the Redis server must be one only
newsmon's hosts can reach.
"""

from __future__ import annotations

import json
import os
import pickle
import socket
from dataclasses import dataclass, field
from typing import Any, Optional

from newsmon.config import CrawlConfig, SourceConfig

#: Active runs: namespace -> JSON {run_id, database, started}; where a remote worker finds a run.
REGISTRY = "newsmon:frontier:runs"
#: Seconds a worker's heartbeat key lives: a worker silent this long is lost.
HEARTBEAT_TTL_MS = 15_000


class FrontierError(Exception):
    """The frontier (Redis) cannot be reached or used; the message is safe to print."""


def safe_redis_url(url: str) -> str:
    """``url`` with any password masked, for messages."""
    from newsmon.store.runs import scrub

    return scrub(url)


def connect(url: str) -> Any:
    """A Redis client for ``url`` that has answered a PING, or FrontierError in one line."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30, health_check_interval=10)
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise FrontierError(f"cannot reach the frontier at {safe_redis_url(url)}: {_first_line(exc)}") from None
    return client


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def namespace(database_key: str, run_id: int) -> str:
    """The key prefix of one run of one database."""
    return f"newsmon:{database_key}:run:{run_id}"


def worker_id() -> str:
    """``host-pid``: unique among live workers, and says where to look."""
    return f"{socket.gethostname().split('.')[0] or 'host'}-{os.getpid()}"


@dataclass
class RunSpec:
    """What a worker needs to crawl its share of a run; published by the coordinator."""

    run_id: int
    crawl: CrawlConfig
    sources: tuple[SourceConfig, ...]
    #: Topic profiles (``seeds/*.toml``) by file name: workers judge relevance with them.
    topic_files: dict[str, bytes]
    #: The crawl plan without its seed documents (newsmon.crawl.plan.CrawlPlan).
    plan: Any
    database: str  # the database's URL without password, for messages only
    extra: dict[str, Any] = field(default_factory=dict)


class RunFrontier:
    """The Redis keys of one run, and the operations coordinator and workers do on them."""

    def __init__(self, client: Any, ns: str) -> None:
        self.redis = client
        self.ns = ns

    def key(self, name: str) -> str:
        return f"{self.ns}:{name}"

    # scrapy-redis's own keys (its Scheduler formats %(spider)s; none left here)
    @property
    def requests_key(self) -> str:
        return self.key("requests")

    @property
    def dupefilter_key(self) -> str:
        return self.key("dupefilter")

    # ------------------------------------------------------------ coordinator

    def publish(self, spec: RunSpec) -> None:
        """Make the run's spec visible and list the run where remote workers look."""
        self.redis.set(self.key("spec"), pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL))
        self.redis.hset(REGISTRY, self.ns, json.dumps({"run_id": spec.run_id, "database": spec.database}))

    def remove(self) -> None:
        """Delete every key of this run."""
        self.redis.hdel(REGISTRY, self.ns)
        keys = list(self.redis.scan_iter(match=f"{self.ns}:*", count=500))
        for start in range(0, len(keys), 500):
            self.redis.delete(*keys[start : start + 500])

    def queued(self) -> int:
        """Requests waiting in the shared queue (a sorted set: scrapy-redis's PriorityQueue)."""
        return int(self.redis.zcard(self.requests_key))

    def workers(self) -> dict[str, dict[str, Any]]:
        """Every worker that joined: id -> its record (host, pid, state, reason)."""
        return {k.decode(): json.loads(v) for k, v in self.redis.hgetall(self.key("workers")).items()}

    def alive(self, wid: str) -> Optional[str]:
        """``busy`` / ``idle`` from a live worker's heartbeat; None when it has gone silent."""
        value = self.redis.get(self.key(f"alive:{wid}"))
        return value.decode() if value is not None else None

    def result(self, wid: str) -> Optional[dict[str, Any]]:
        """What a worker that ended cleanly handed over: stats, source results, failed sources."""
        raw = self.redis.get(self.key(f"result:{wid}"))
        return pickle.loads(raw) if raw is not None else None

    # ------------------------------------------------------------ worker

    def spec(self) -> Optional[RunSpec]:
        raw = self.redis.get(self.key("spec"))
        return pickle.loads(raw) if raw is not None else None

    def set_worker(self, wid: str, record: dict[str, Any]) -> None:
        self.redis.hset(self.key("workers"), wid, json.dumps(record))

    def heartbeat(self, wid: str, busy: bool) -> None:
        self.redis.set(self.key(f"alive:{wid}"), "busy" if busy else "idle", px=HEARTBEAT_TTL_MS)

    def forget(self, wid: str) -> None:
        """A worker known to be dead (its process exited): its last heartbeat no longer
        counts, so the others need not wait out HEARTBEAT_TTL_MS before the run can end."""
        self.redis.delete(self.key(f"alive:{wid}"))

    def others_busy(self, wid: str) -> bool:
        """True while another live worker still has requests in flight (it may queue more)."""
        for other in self.workers():
            if other != wid and self.alive(other) == "busy":
                return True
        return False

    def finish(self, wid: str, result: dict[str, Any]) -> None:
        self.redis.set(self.key(f"result:{wid}"), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


def active_runs(client: Any) -> dict[str, dict[str, Any]]:
    """Runs a worker may join: namespace -> {run_id, database}."""
    return {k.decode(): json.loads(v) for k, v in client.hgetall(REGISTRY).items()}
