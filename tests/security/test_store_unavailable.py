"""A database that stops taking writes mid-crawl: one failed group, then the crawl stops.

The test holds SQLite's write lock from the moment the crawl fetches its
first article, so the store's first commit waits out the busy timeout and
fails. Storing must stop there (not wait the timeout again per article),
the crawl must end not ``ok`` with ``newsmon/store/failed`` behind it,
nothing may be half-written, and the next crawl must store every article.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from newsmon.store.database import Database
from tests.conftest import ROOT, run_newsmon, write_config
from tests.crawl.test_security import Recorder, rss

BODY = "<p>KT와 마이크로소프트가 광화문에 AI 이노베이션 센터를 열었다. 기사 {n}번은 {n}번째 소식을 전한다.</p>" * 6


class DistinctArticles(Recorder):
    """Recorder whose articles differ (identical bodies would be dropped as exact duplicates)."""

    def __init__(self) -> None:
        super().__init__("127.0.0.1")
        handler = self.server.RequestHandlerClass
        original = handler.do_GET

        def do_get(h: Any) -> None:
            if not h.path.startswith("/article/"):
                return original(h)
            self.hits.append((h.headers.get("Host", ""), h.path))
            n = h.path.rsplit("/", 1)[1]
            body = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>KT·MS {n}</title></head><body><article>"
                    f"<h1>KT·MS 소식 {n}</h1>{BODY.format(n=n)}</article></body></html>").encode()
            h.send_response(200)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)

        handler.do_GET = do_get

ARTICLES = 25  # more than one commit group (20)
GROUP = 20
#: The crawl's SQLite busy timeout (``?timeout=`` on the URL; 30 s by default): the store
#: must give up after ONE such wait. Small, so the test does not sit out 30 s; the bound
#: below is far under what one wait per article of the group (GROUP x BUSY_TIMEOUT) takes.
BUSY_TIMEOUT = 2


class LockOnFirstArticle(list):
    """Recorder.hits that takes the database's write lock when the first article is requested."""

    def __init__(self, db_file: Path) -> None:
        super().__init__()
        self.conn = sqlite3.connect(db_file, check_same_thread=False, isolation_level=None)
        self.locked = threading.Event()

    def append(self, hit: Any) -> None:
        if hit[1].startswith("/article/") and not self.locked.is_set():
            self.conn.execute("BEGIN EXCLUSIVE")
            self.locked.set()
        super().append(hit)

    def release(self) -> None:
        if self.locked.is_set():
            self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_locked_database_fails_the_group_once_and_stops_the_crawl(tmp_path: Path) -> None:
    db_file = tmp_path / "newsmon.db"
    with DistinctArticles() as source:
        source.feed = rss([f"http://127.0.0.1:{source.port}/article/{i}" for i in range(ARTICLES)])
        config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db_file}?timeout={BUSY_TIMEOUT}",
                              sources=[{"type": "feed", "url": f"http://127.0.0.1:{source.port}/feed.xml", "name": "src"}],
                              seeds_dir=tmp_path / "no-seeds")
        Database(f"sqlite:///{db_file}").dispose()  # the schema exists before the lock
        hits = LockOnFirstArticle(db_file)
        source.hits = hits
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
        env["PYTHONPATH"] = str(ROOT)
        proc = subprocess.Popen([sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--no-alerts"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        stopped = threading.Event()
        err_lines: list[str] = []

        def read_stderr() -> None:
            assert proc.stderr is not None
            for line in proc.stderr:
                err_lines.append(line)
                if "storing stopped" in line:
                    stopped.set()

        reader = threading.Thread(target=read_stderr, daemon=True)
        reader.start()
        try:
            assert hits.locked.wait(90), "".join(err_lines[-20:])
            # One busy timeout (BUSY_TIMEOUT) and the store gives up; before the fix it
            # retried each of the 20 articles of the group with the same wait (40 s here).
            started = time.monotonic()
            assert stopped.wait(GROUP * BUSY_TIMEOUT / 2), "".join(err_lines[-20:])
            assert time.monotonic() - started >= BUSY_TIMEOUT * 0.9  # it did wait the busy timeout out
        finally:
            hits.release()  # the crawl may record its run now
        try:
            proc.wait(timeout=120)
        finally:
            proc.kill()
        reader.join(5)
        assert proc.returncode != 0, "".join(err_lines)
        runs = json.loads(run_newsmon("runs", "--format", "json", config=config).stdout)
        assert runs[0]["status"] != "ok" and "store_failed" in (runs[0]["message"] or ""), runs[0]
        assert runs[0]["errors"].get("store_failed") == ARTICLES, runs[0]["errors"]  # every article counted as not stored
        with sqlite3.connect(db_file) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0  # nothing half-written
            assert conn.execute("SELECT count(*) FROM developments").fetchone()[0] == 0
        # Nothing lost: the next crawl fetches and stores every article.
        again = run_newsmon("crawl", "--no-alerts", config=config)
        assert again.returncode == 0, again.stderr
        with sqlite3.connect(db_file) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == ARTICLES
