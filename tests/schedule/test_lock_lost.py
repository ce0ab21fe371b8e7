"""A crawl whose PostgreSQL lock is lost stops, and says so.

For real: a crawl on PostgreSQL is held mid-page by the test's server, the
test ends the lock's connection with ``pg_terminate_backend``, and the crawl
must notice while the page is still hanging, then stop (run
``interrupted``, ``lock_lost``) without fetching more; the lock's
connection carries TCP keepalives.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import text

from newsmon.config import parse_config
from newsmon.schedule.locks import crawl_lock
from tests.conftest import ROOT, run_newsmon, write_config
from tests.crawl.test_security import Recorder, rss

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_databases: Any) -> Iterator[str]:
    name, url = pg_databases.create()
    yield url
    import gc

    gc.collect()
    pg_databases.drop(name)


class HangingPage(Recorder):
    """Serves the feed; ``/slow`` hangs until released (the crawl is then surely running)."""

    def __init__(self) -> None:
        super().__init__("127.0.0.1")
        self.requested = threading.Event()
        self.release = threading.Event()
        handler = self.server.RequestHandlerClass
        original = handler.do_GET

        def do_get(h: Any) -> None:
            if h.path == "/slow":
                self.requested.set()
                self.release.wait(120)
            return original(h)

        handler.do_GET = do_get


def test_a_crawl_stops_when_its_postgresql_lock_is_lost(pg_url: str, pg_databases: Any, tmp_path: Path) -> None:
    with HangingPage() as source:
        # The hanging page first, then more pages than the crawl fetches at once.
        source.feed = rss([f"http://127.0.0.1:{source.port}/slow"]
                          + [f"http://127.0.0.1:{source.port}/later/{i}" for i in range(30)])
        config = write_config(tmp_path / "newsmon.toml", database_url=pg_url, seeds_dir=tmp_path / "no-seeds",
                              sources=[{"type": "feed", "url": f"http://127.0.0.1:{source.port}/feed.xml", "name": "src"}])
        config.write_text(config.read_text("utf-8").replace("timeout = 10\n", "timeout = 120\n"), "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
        env["PYTHONPATH"] = str(ROOT)
        proc = subprocess.Popen([sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--no-alerts"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        noticed = threading.Event()
        err_lines: list[str] = []

        def read_stderr() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                err_lines.append(line)
                if "crawl lock was lost" in line:
                    noticed.set()

        reader = threading.Thread(target=read_stderr, daemon=True)
        reader.start()
        try:
            assert source.requested.wait(60), "the crawl never asked for the page"
            database = pg_url.rsplit("/", 1)[1]
            with pg_databases.engine.connect() as admin:
                ended = admin.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = :db AND application_name LIKE 'newsmon-crawl %'"), {"db": database}
                ).scalars().all()
            assert ended == [True]  # the lock's own connection, and only it
            # Noticed while the page is still hanging (a check every few seconds).
            assert noticed.wait(60), "".join(err_lines)
            fetched_before = len([p for p in source.paths() if p.startswith("/later/")])
            source.release.set()  # Scrapy lets requests in flight finish, then stops
            proc.wait(timeout=60)
        finally:
            source.release.set()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            reader.join(5)
        assert proc.returncode == 1, "".join(err_lines)
        assert len([p for p in source.paths() if p.startswith("/later/")]) == fetched_before  # nothing new started
    runs = json.loads(run_newsmon("runs", "--format", "json", config=config).stdout)
    assert runs[0]["status"] == "interrupted" and "lock_lost" in runs[0]["message"], runs[0]
    assert runs[0]["errors"].get("lock_lost") == 1, runs[0]["errors"]


def test_the_lock_connection_has_tcp_keepalives(pg_url: str, tmp_path: Path) -> None:
    cfg = parse_config({"database_url": pg_url, "state_dir": str(tmp_path / "s")}, base=tmp_path)
    with crawl_lock(cfg) as lock:
        assert lock is not None and lock.check()
        fd = lock.conn.connection.dbapi_connection.fileno()  # the client's socket
        with socket.socket(fileno=os.dup(fd)) as sock:
            options = (sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0,
                       sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE),
                       sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL),
                       sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT))
    assert options == (True, 30, 10, 3)
