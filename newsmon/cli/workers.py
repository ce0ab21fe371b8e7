"""``newsmon worker``: join crawl runs on the shared frontier from this host."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Optional

import click


@click.command(
    "worker",
    epilog="\b\nExamples:\n  newsmon worker --run-from redis://redis.internal:6379/0\n"
    "  newsmon worker --run-from redis://redis.internal:6379/0 --once --wait 120",
)
@click.option(
    "--run-from",
    "redis_url",
    metavar="REDIS_URL",
    help="The frontier's Redis (redis://host:port/db). Default: [frontier] redis_url or $NEWSMON_REDIS_URL.",
)
@click.option("--once", is_flag=True, help="Work on one run, then exit with its result (default: serve runs until stopped).")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="With --once: give up (exit 1) when no run starts within SECONDS. Default: wait as long as it takes.",
)
@click.pass_context
def worker(ctx: click.Context, redis_url: Optional[str], once: bool, wait: Optional[float]) -> None:
    """Crawl a share of each run `newsmon crawl` starts on the shared frontier.

    Needs the Redis server and the run's database (database_url, or
    $NEWSMON_DATABASE_URL with its password): workers store the articles they
    fetch; only runs of that database are joined. It must reach the sites it
    crawls. Each run is crawled in a fresh worker process.
    """
    from newsmon.crawl.frontier import FrontierError, RunFrontier, active_runs, connect
    from newsmon.crawl.frontier_run import kill_group
    from newsmon.crawl.workers import same_database
    from newsmon.store.database import safe_url

    url = redis_url or ctx.obj.config.frontier.redis_url
    if not url:
        raise click.UsageError("give the frontier's Redis: --run-from REDIS_URL, [frontier] redis_url or $NEWSMON_REDIS_URL")
    client = connect(url)
    database_url = ctx.obj.config.database_url
    click.echo(f"worker: joining runs that store into {safe_url(database_url)}", err=True)
    served: set[str] = set()
    since = time.monotonic()
    while True:
        try:
            runs = sorted(ns for ns in active_runs(client) if ns not in served)
        except Exception as exc:  # noqa: BLE001 - one line, as at start
            raise FrontierError(f"frontier lost: {type(exc).__name__}: {exc}") from None
        if not runs:
            if once and wait is not None and time.monotonic() - since > wait:
                click.echo(f"newsmon: error: no run started within {wait:g} s", err=True)
                ctx.exit(1)
            time.sleep(0.5)
            continue
        ns = runs[0]
        served.add(ns)
        spec = RunFrontier(client, ns).spec()
        # Opened once a run exists: by then its coordinator has created and migrated the database.
        if spec is None or not same_database(ctx.obj.database(read_only=True), spec):
            continue  # another database's run (or one that just ended)
        env = {**os.environ, "NEWSMON_FRONTIER_URL": url, "NEWSMON_DATABASE_URL": database_url}
        proc = subprocess.Popen([sys.executable, "-m", "newsmon.crawl.workers", ns], env=env, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            code = proc.wait()
        finally:
            kill_group(proc, signal.SIGTERM if proc.returncode is None else signal.SIGKILL)  # its analysis processes too
            proc.wait()
        click.echo(f"worker: run {ns.rsplit(':', 1)[-1]} {'done' if code == 0 else f'failed (exit {code})'}", err=True)
        if once:
            ctx.exit(0 if code == 0 else 1)
