"""Shared by the scale-out tests: configs on the shared frontier, and what a run stored.

What a run stored is reduced to values that do not depend on row ids, so a
single-process run and a run on several workers (different databases) can be
compared for equality: articles by URL, each article's near-duplicate original
and development by URL, developments as sets of article URLs, alerts by kind
and subject.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Optional

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, fixture_sources, write_config
from tests.fixtureweb import write_seed_dir

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def redis_reachable(host: str = REDIS_HOST, port: int = REDIS_PORT) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def needs_redis() -> None:
    if not redis_reachable():
        if os.environ.get("NEWSMON_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (NEWSMON_REQUIRE_REDIS=1) but {REDIS_HOST}:{REDIS_PORT} is not reachable")
        pytest.skip(f"Redis not reachable on {REDIS_HOST}:{REDIS_PORT}")


def make_config(
    tmp: Path, name: str, base_url: str, db_url: str, *, redis_url: Optional[str], crawl_extra: str = ""
) -> Path:
    """A newsmon.toml in ``tmp/name`` for the fixture web at ``base_url``."""
    folder = tmp / name
    folder.mkdir(parents=True, exist_ok=True)
    seeds = tmp / "seeds"
    if not seeds.exists():
        write_seed_dir(seeds, base_url)
        (seeds / "kt-microsoft.toml").write_bytes((ROOT / "seeds" / "kt-microsoft.toml").read_bytes())
    config = write_config(folder / "newsmon.toml", database_url=db_url, sources=fixture_sources(base_url), seeds_dir=seeds)
    text_ = config.read_text("utf-8")
    if crawl_extra:
        for line in crawl_extra.splitlines():  # replace write_config's value of the same key
            key = line.split("=")[0].strip()
            text_ = "\n".join(x for x in text_.split("\n") if x.split("=")[0].strip() != key)
        text_ = text_.replace("[crawl]\n", "[crawl]\n" + crawl_extra + "\n", 1)
    if redis_url:
        text_ += f'\n[frontier]\nredis_url = "{redis_url}"\n'
    config.write_text(text_, "utf-8")
    return config


def newsmon_cmd(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "newsmon", "--config", str(config), *args]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run(config: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(newsmon_cmd(config, *args), capture_output=True, text=True, timeout=timeout, env=clean_env(), cwd=ROOT)


def runs(config: Path) -> list[dict[str, Any]]:
    result = run(config, "runs", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def fetched(requests: list[Any]) -> Counter:
    """How often the server answered each path; robots.txt apart (a run reads it once per host, a single process too: counted on its own)."""
    return Counter(r.path for r in requests if r.path != "/robots.txt")


def stored(db_url: str) -> dict[str, Any]:
    """Everything a run stored that must not depend on which worker fetched what."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            arts = conn.execute(
                text("SELECT id, url, origin, duplicate_of, development_id, relevant, title FROM articles")
            ).all()
            alerts = conn.execute(text("SELECT kind, development_id, article_id FROM alerts")).all()
            devs = conn.execute(text("SELECT id, title, seeded FROM developments")).all()
    finally:
        engine.dispose()
    url = {a.id: a.url for a in arts}
    members: dict[int, set[str]] = {}
    for a in arts:
        if a.development_id is not None:
            members.setdefault(a.development_id, set()).add(a.url)
    dev_key = {d.id: frozenset(members.get(d.id, ())) for d in devs}
    return {
        "urls": Counter(a.url for a in arts),
        "articles": {a.url: (a.origin, url.get(a.duplicate_of), a.relevant, a.title) for a in arts},
        "developments": sorted((sorted(dev_key[d.id]), d.title, d.seeded) for d in devs),
        "alerts": sorted((k, sorted(dev_key[d]), url.get(ar)) for k, d, ar in alerts),
    }


def queued(db_url: str) -> int:
    """Articles stored by workers and not yet given their development (``pending_assignments``)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM pending_assignments")).scalar() or 0)
    finally:
        engine.dispose()


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    """Poll ``predicate`` until true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    if int(f.read().rsplit(b")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return out


def worker_pids(coordinator_pid: int) -> list[int]:
    """The frontier workers a ``newsmon crawl`` started."""
    pids = []
    for pid in children(coordinator_pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"newsmon.crawl.workers" in cmdline:
            pids.append(pid)
    return pids
