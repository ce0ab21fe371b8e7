"""Several writers, one database: every article stored once, no unhandled IntegrityError.

On PostgreSQL: threads recording the same articles at once (each its own
session), and several ``scrapy crawl news`` processes (which bypass the cycle
lock, as a second machine would if it skipped ``newsmon crawl``) crawling the
same sources, or a share each. ``newsmon crawl`` itself refuses to overlap,
even from another state_dir (advisory lock). SQLite runs in WAL mode.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import ROOT, fixture_sources, run_newsmon, write_config
from tests.fixtureweb import load_manifest

MANIFEST = load_manifest()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from newsmon.store.database import Database

    db = Database(sqlite_url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
        # WAL is a property of the file: a plain sqlite3 connection sees it too.
        with sqlite3.connect(tmp_path / "newsmon.db") as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.dispose()


def _item(i: int, *, url_suffix: str = "") -> Any:
    from newsmon.items import ArticleItem
    from pipelines.normalize import body_hash

    body = f"기사 {i}번. " + "KT와 마이크로소프트가 공공 클라우드 협력을 넓힌다고 밝혔다. " * 4 + f"고유 문장 {i * 7919}."
    url = f"https://news.example.com/{i}{url_suffix}"
    return ArticleItem(url=url, canonical_url=url, title=f"KT·MS 협력 기사 {i}", body=body, body_hash=body_hash(body),
                       language="ko", relevant=False, relevance=0.0)


@pytest.mark.postgres
def test_threads_recording_the_same_articles_store_each_once(pg_databases: Any) -> None:
    from newsmon.events.record import record_article
    from newsmon.store.database import Database
    from newsmon.store.models import Article

    name, url = pg_databases.create()
    db = Database(url)
    try:
        errors: list[BaseException] = []
        results: list[str] = []
        lock = threading.Lock()
        start = threading.Barrier(6)

        def writer(worker: int) -> None:
            start.wait()
            for i in range(40):
                # Half the workers use another URL for the same body: a word-for-word copy,
                # stored once and pointing at its original.
                item = _item(i, url_suffix="?copy" if worker % 2 else "")
                try:
                    with db.session() as session:
                        status = record_article(session, item).status
                    with lock:
                        results.append(status)
                except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                    with lock:
                        errors.append(exc)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == [], errors[:3]
        from newsmon.events.record import flatten_duplicate_links

        with db.session() as s:  # what the store step does when a crawl ends
            flatten_duplicate_links(s)
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Article)) == 80
            assert s.scalar(select(func.count(func.distinct(Article.body_hash)))) == 40
            rows = list(s.scalars(select(Article)))
            roots = {a.id for a in rows if a.duplicate_of is None}
            assert all(a.duplicate_of in roots for a in rows if a.duplicate_of is not None)  # flat groups
            group_of_body: dict[str, set[int]] = {}
            for a in rows:
                group_of_body.setdefault(a.body_hash, set()).add(a.duplicate_of or a.id)
            assert all(len(g) == 1 for g in group_of_body.values())  # a copy is in its original's group
        assert results.count("new") == 80
        assert len(results) == 240
    finally:
        db.dispose()
        pg_databases.drop(name)


def _scrapy_crawl(config: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env.update({"PYTHONPATH": str(ROOT), "NEWSMON_CONFIG": str(config)})
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-s", "LOG_LEVEL=ERROR"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _expected_urls(web: Any, sources: list[dict[str, str]]) -> set[str]:
    prefixes = {"/" + s["url"].removeprefix(web.base_url).strip("/").split("/")[0] + "/" for s in sources}
    return {web.url(a["path"]) for a in MANIFEST["articles"] if a["edition"] == 1 and a["path"].startswith(tuple(prefixes))}


@pytest.mark.postgres
@pytest.mark.parametrize("split", [False, True], ids=["same-sources", "split-sources"])
def test_crawl_processes_writing_one_postgres_database(pg_databases: Any, web: Any, tmp_path: Path, split: bool) -> None:
    from newsmon.store.database import Database
    from newsmon.store.models import Article

    name, url = pg_databases.create()
    Database(url).dispose()  # migrate once, as the first `newsmon` command would
    try:
        sources = fixture_sources(web.base_url)
        shares = [sources[0::2], sources[1::2]] if split else [sources] * 3
        configs = []
        for n, share in enumerate(shares):
            folder = tmp_path / f"crawler{n}"
            folder.mkdir()
            config = write_config(folder / "newsmon.toml", database_url=url, sources=share, seeds_dir=folder / "no-seeds")
            # Extract inline: three crawls with a worker pool each would crowd two cores.
            config.write_text(config.read_text("utf-8").replace("[crawl]\n", "[crawl]\nextract_workers = 1\n"), "utf-8")
            configs.append(config)
        procs = [_scrapy_crawl(c) for c in configs]
        outputs = [p.communicate(timeout=240) for p in procs]
        for p, (out, err) in zip(procs, outputs):
            assert p.returncode == 0, err
            assert "IntegrityError" not in err and "Traceback" not in err, err[-3000:]

        db = Database(url)
        try:
            with db.session() as s:
                urls = list(s.scalars(select(Article.url).where(Article.origin == "crawl")))
        finally:
            db.dispose()
        assert len(urls) == len(set(urls))  # nothing stored twice
        assert set(urls) == _expected_urls(web, sources)  # nothing lost
    finally:
        pg_databases.drop(name)


def test_newsmon_crawl_refuses_to_overlap_on_one_database(db_url: str, web: Any, tmp_path: Path) -> None:
    from newsmon.config import load_config
    from newsmon.schedule.locks import EXIT_ALREADY_RUNNING, crawl_lock

    first = write_config((tmp_path / "a").mkdir() or tmp_path / "a" / "newsmon.toml", database_url=db_url,
                         sources=fixture_sources(web.base_url)[:1], seeds_dir=tmp_path / "no-seeds")
    second = write_config((tmp_path / "b").mkdir() or tmp_path / "b" / "newsmon.toml", database_url=db_url,
                          sources=fixture_sources(web.base_url)[:1], seeds_dir=tmp_path / "no-seeds")
    is_pg = db_url.startswith("postgresql")
    with crawl_lock(load_config(str(first))):
        same = run_newsmon("crawl", "--no-alerts", config=first)
        # Another state_dir (another machine) on the same PostgreSQL database: the advisory lock.
        other = run_newsmon("crawl", "--no-alerts", config=second) if is_pg else None
    assert same.returncode == EXIT_ALREADY_RUNNING, same.stderr
    assert "another newsmon crawl is running" in same.stderr
    if other is not None:
        assert other.returncode == EXIT_ALREADY_RUNNING, other.stderr
