"""The coordinator of a frontier run: plan, seed, start or await workers, assign, finish.

``newsmon crawl`` with ``[frontier] redis_url`` calls ``run_frontier_crawl``
under the crawl lock, in place of the single-process crawl. It plans the run
(as a single-process crawl does), seeds the shared queue with the sources,
publishes the run's spec, starts ``workers`` local worker processes and
accepts remote ones (``newsmon worker``). The workers store the articles,
concurrently, each queued for assignment; the coordinator alone assigns
near-duplicate originals and developments (``newsmon.events.pending``), a
batch at a time in the order a single-process crawl writes, so they do not
depend on which worker fetched or stored what first; nothing is stored
twice (unique canonical URL). The caller then delivers alerts once for the run.

Faults: a worker that dies (killed, or silent for 15 s) loses only what it
had taken and not stored; the run says so (``worker_lost``) and keeps every
source's old validators, so the next run lists every source in full and
fetches what is missing. Redis lost for more than a few seconds fails the run
(FrontierError); every article stored up to then is whole, and what was left
queued is assigned by the next run.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional

from newsmon.crawl.context import CrawlContext
from newsmon.crawl.frontier import FrontierError, RunFrontier, RunSpec, active_runs, connect, namespace

log = logging.getLogger(__name__)

POLL_S = 0.1
REDIS_GRACE_S = 5.0
#: Articles the workers stored that are assigned together, in write order (one process's store batch).
ASSIGN_BATCH = 500


class RunStats(dict):
    """The few StatsCollector methods the store pipeline uses, on a dict."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] = self.get(key, start) + count

    def set_value(self, key: str, value: Any) -> None:
        self[key] = value


def remove_stale_runs(client: Any, db_key: str, keep: str) -> int:
    """Delete the keys of this database's earlier runs (their coordinator died: we hold the lock)."""
    prefix = f"newsmon:{db_key}:run:"
    stale = {k for k in active_runs(client) if k.startswith(prefix) and k != keep}
    for key in client.scan_iter(match=prefix + "*", count=1000):
        ns = key.decode().split(":", 4)
        stale.add(":".join(ns[:4]))
    stale.discard(keep)
    for ns in stale:
        RunFrontier(client, ns).remove()
    return len(stale)


def seed_queue(frontier: RunFrontier, plan: Any) -> int:
    """Put every planned source's request in the shared queue, as the scheduler would."""
    from scrapy_redis import picklecompat
    from scrapy_redis.queue import PriorityQueue

    from newsmon.crawl.spiders.news import NewsSpider

    spider = NewsSpider()  # only to name the callbacks in the serialized requests
    spider.plan = plan
    queue = PriorityQueue(frontier.redis, spider, frontier.requests_key, picklecompat)
    for source in plan.sources:
        queue.push(spider.source_request(source))
    return len(plan.sources)


def start_local_worker(redis_url: str, ns: str, database_url: str) -> subprocess.Popen:
    """One worker process on this machine (the URLs go by environment, not argv),
    in a process group of its own with its analysis processes."""
    env = {**os.environ, "NEWSMON_FRONTIER_URL": redis_url, "NEWSMON_DATABASE_URL": database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "newsmon.crawl.workers", ns], env=env, stdin=subprocess.DEVNULL, start_new_session=True
    )


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal a worker's whole process group: a worker killed by a signal leaves its
    analysis processes behind, orphaned."""
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class Coordinator:
    def __init__(self, context: CrawlContext, local: int) -> None:
        from newsmon.schedule.locks import database_key

        self.context = context
        self.app = context.app
        self.config = context.app.config
        self.run_id = context.run_id or 0
        self.local = local
        self.redis_url = self.config.frontier.redis_url or ""
        self.client = connect(self.redis_url)
        self.db_key = database_key(self.config.database_url)
        self.frontier = RunFrontier(self.client, namespace(self.db_key, self.run_id))
        self.procs: list[subprocess.Popen] = []
        self.stats = RunStats()
        self.records: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------ setup

    def prepare(self) -> list[Any]:
        """Plan, seed the queue, publish the spec; return the seed articles to store."""
        from dataclasses import replace

        from newsmon.store.database import safe_url

        remove_stale_runs(self.client, self.db_key, self.frontier.ns)
        seeds_dir = self.app.seeds_dir()
        seeds, plan = self.context.plan.seeds, replace(self.context.plan, seeds=[])
        topic_files = {p.name: p.read_bytes() for p in sorted(Path(seeds_dir).glob("*.toml"))} if Path(seeds_dir).is_dir() else {}
        spec = RunSpec(
            run_id=self.run_id,
            crawl=self.config.crawl,
            sources=self.config.sources,
            topic_files=topic_files,
            plan=plan,
            database=safe_url(self.config.database_url),
            # Workers check their database holds this run's row (newsmon.crawl.workers.same_database).
            extra={"run_started": self._run_started()},
        )
        self.stats["newsmon/sources/planned"] = len(plan.sources)
        seed_queue(self.frontier, plan)
        self.frontier.publish(spec)
        return seeds

    def _run_started(self) -> Optional[str]:
        from newsmon.store.models import Run

        with self.app.database().session() as session:
            run = session.get(Run, self.run_id)
            return run.started_at.isoformat() if run is not None else None

    # ------------------------------------------------------------ the run

    def worker_states(self) -> dict[str, dict[str, Any]]:
        """Every joined worker with its state; a running one whose heartbeat stopped is ``lost``."""
        states = self.frontier.workers()
        exits = {p.pid: p.returncode for p in self.procs if p.poll() is not None}
        for p in self.procs:
            if p.returncode not in (None, 0):
                kill_group(p)
        for wid, rec in states.items():
            if rec.get("state") != "running":
                continue
            if rec.get("pid") in exits and rec.get("host") == socket.gethostname():
                code = exits[rec["pid"]]
                rec.update(state="lost", reason=f"killed by signal {-code}" if code < 0 else f"exited {code}")
                self.frontier.forget(wid)  # dead: the other workers stop waiting for it
            elif self.frontier.alive(wid) is None:
                rec.update(state="lost", reason="no heartbeat for 15 s")
        return states

    def _ended_here(self, states: dict[str, dict[str, Any]]) -> set[int]:
        """Pids of this machine's workers that handed over their results (stored all they
        will store): their processes may still be exiting."""
        host = socket.gethostname()
        return {r["pid"] for r in states.values() if r.get("host") == host and r.get("state") != "running" and r.get("pid")}

    def run_over(self, states: dict[str, dict[str, Any]], started: float) -> bool:
        # A worker's last second (its interpreter and analysis processes exiting) is not
        # waited for: the final assignment starts once every worker has handed over.
        ended = self._ended_here(states)
        if any(p.poll() is None and p.pid not in ended for p in self.procs):
            return False
        if not states:
            if time.monotonic() - started > self.config.frontier.join_timeout:
                raise FrontierError(f"no worker joined run {self.run_id} within {self.config.frontier.join_timeout:g} s")
            return False
        return all(r.get("state") != "running" for r in states.values())

    async def crawl(self) -> str:
        from pipelines.analyse import analyse
        from pipelines.store import StorePipeline

        from newsmon.crawl.spiders.news import seed_item

        # Local workers start first: their start-up (imports) overlaps the planning,
        # and they wait for the run's spec.
        for _ in range(self.local):
            self.procs.append(start_local_worker(self.redis_url, self.frontier.ns, self.config.database_url))
        seeds = self.prepare()
        store = StorePipeline(self.app, self.run_id, self.stats, on_failure=self._item_failed)
        store.open_spider()
        try:
            topics = self.context.topics
            for doc in seeds:
                self.stats.inc_value("newsmon/pages/seeds/ingested")
                await store.process_item(analyse(seed_item(doc), topics))
        finally:
            await store.close_spider()
        if store.unavailable is not None:
            return "store_failed"
        started, unreachable, next_count = time.monotonic(), None, 0.0
        loop = asyncio.get_running_loop()
        while True:
            try:
                states = self.worker_states()
                over = self.run_over(states, started)
                unreachable = None
            except FrontierError:
                raise
            except Exception as exc:  # noqa: BLE001 - Redis trouble: tolerate a few seconds
                unreachable = unreachable or time.monotonic()
                if time.monotonic() - unreachable > REDIS_GRACE_S:
                    raise FrontierError(f"frontier lost mid-run: {type(exc).__name__}: {exc}") from None
                await asyncio.sleep(POLL_S)
                continue
            # What the workers stored is assigned a batch at a time (as one process
            # writes its batches), the rest once they have all ended.
            if over or time.monotonic() >= next_count:
                next_count = time.monotonic() + 1.0
                if over or await loop.run_in_executor(None, self._queued) >= ASSIGN_BATCH:
                    await loop.run_in_executor(None, self._assign, over)
            if over:
                break
            await asyncio.sleep(POLL_S)
        self.records = states
        return "finished" if all(r["state"] == "done" for r in self.records.values()) else "worker_lost"

    def _queued(self) -> int:
        from newsmon.events.pending import pending_count

        with self.app.database().session() as session:
            return pending_count(session)

    def _assign(self, everything: bool) -> None:
        """Assign a batch of what the workers stored (``everything``: the whole queue)."""
        from newsmon.events.pending import assign_pending, count_assigned, count_failed, drain

        db = self.app.database()
        counted = lambda result: count_assigned(self.stats, result)  # noqa: E731
        started = time.monotonic()
        done = drain(db, on_result=counted) if everything else assign_pending(db, limit=ASSIGN_BATCH, on_result=counted)
        if done.results:
            log.info("assigned %d stored articles in %.1f s", len(done.results), time.monotonic() - started)
        count_failed(self.stats, self.context.ledger, done)

    def _item_failed(self, item: Any) -> None:
        """An article could not be stored: its source (and sitemaps under it) is listed in full next run."""
        self.context.ledger.item_failed(item.source_id)

    # ------------------------------------------------------------ finish

    def merge(self, reason: str) -> dict[str, Any]:
        """The run's stats as one crawl's; what the sources answered into the run's ledger,
        saved with the pages set aside (every source keeps its old validators unless
        every worker ended cleanly: what a lost worker had taken is fetched next run)."""
        stats: dict[str, Any] = {}
        ledger = self.context.ledger
        for wid, rec in self.records.items():
            got = self.frontier.result(wid) if rec["state"] != "lost" else None
            if got is None:
                continue
            for key, value in got["stats"].items():
                if isinstance(value, (int, float)) and not isinstance(value, bool) and key != "newsmon/sources/planned":
                    stats[key] = stats.get(key, 0) + value
            ledger.results.update(got["ledger"].results)
            ledger.failed |= got["ledger"].failed
            self.context.set_aside.extend(got["set_aside"])
        stats.update(self.stats)
        stats["finish_reason"] = reason
        for key, (source, _) in list(ledger.results.items()):
            if reason != "finished" or source.parent_id in ledger.failed:
                ledger.failed.add(key)
        self.context.save()
        return stats

    def record_workers(self) -> None:
        from newsmon.store.models import Run

        summary = [
            {"worker": wid, "host": r.get("host"), "pid": r.get("pid"), "state": r.get("state"), "reason": r.get("reason"),
             "pages": r.get("pages"), "stored": r.get("stored")}
            for wid, r in sorted(self.records.items())
        ]
        with self.app.database().session() as session:
            run = session.get(Run, self.run_id)
            if run is not None:
                run.workers = summary

    def stop_local(self) -> None:
        ended = self._ended_here(self.records)
        for p in self.procs:
            if p.poll() is None and p.pid in ended:
                try:  # handed over, exiting on its own
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
        for p in self.procs:
            if p.poll() is None:
                kill_group(p, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            kill_group(p)  # whatever is left of it
            p.wait()


def run_frontier_crawl(context: CrawlContext, *, workers: Optional[int] = None) -> tuple[str, dict[str, Any]]:
    """One crawl run on the shared frontier; returns (finish reason, stats) like a single-process crawl.

    Raises FrontierError when Redis cannot be reached at the start or is lost
    mid-run, or when no worker joins in ``[frontier] join_timeout`` seconds.
    """
    local = context.app.config.frontier.workers if workers is None else workers
    coordinator = Coordinator(context, local)
    try:
        reason = asyncio.run(coordinator.crawl())
        stats = coordinator.merge(reason)
        return reason, stats
    finally:
        coordinator.stop_local()
        try:
            coordinator.records = coordinator.records or coordinator.worker_states()
        except Exception:  # noqa: BLE001 - Redis gone: the processes we started are all we know
            coordinator.records = {
                f"local-{p.pid}": {"pid": p.pid, "state": "failed" if p.returncode else "done", "reason": f"exit {p.returncode}"}
                for p in coordinator.procs
            }
        coordinator.record_workers()
        try:
            coordinator.frontier.remove()
        except Exception as exc:  # noqa: BLE001 - the next run of this database removes them
            log.warning("could not remove this run's frontier keys: %s", exc)
