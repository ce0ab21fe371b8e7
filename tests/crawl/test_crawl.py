"""End to end: crawl the fixture news web over real HTTP on loopback, then query.

Runs ``newsmon crawl`` as a user would (a subprocess, one reactor per run) on
SQLite and on PostgreSQL, and checks what was stored against the fixture
web's manifest: titles, final URLs after redirects, EUC-KR text, aware dates,
relevance, the seed article, robots.txt obeyed, failures counted, re-runs
adding nothing.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import fixture_sources, run_newsmon, write_config
from tests.fixtureweb import load_manifest, write_seed_dir

MANIFEST = load_manifest()


def articles_json(config: Path, *extra: str) -> list[dict[str, Any]]:
    result = run_newsmon("articles", "--all", "--limit", "0", "--format", "json", *extra, config=config)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def runs_json(config: Path) -> list[dict[str, Any]]:
    result = run_newsmon("runs", "--format", "json", config=config)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def expected_articles(edition: int) -> list[dict[str, Any]]:
    return [a for a in MANIFEST["articles"] if a["edition"] <= edition]


@dataclass(frozen=True)
class FirstCrawl:
    """The first crawl of edition 1 into an empty database, done once per module and database."""

    kind: str  # sqlite | postgresql
    template: str  # the SQLite file, or the PostgreSQL database, it stored into
    seeds: Path
    result: subprocess.CompletedProcess
    requests: list[Any]  # what the fixture web answered during it


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def first_crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, fixture_web: Any) -> Iterator[FirstCrawl]:
    """``newsmon crawl`` of edition 1 into an empty database: every test here starts
    from it, each on its own copy (``crawled``), so the crawl runs once, not per test.
    No test touches this database itself."""
    folder = tmp_path_factory.mktemp(f"first_crawl_{request.param}")
    seeds = folder / "seeds"
    write_seed_dir(seeds, fixture_web.base_url)
    (seeds / "kt-microsoft.toml").write_bytes((Path(__file__).parents[2] / "seeds" / "kt-microsoft.toml").read_bytes())
    pg = name = None
    if request.param == "sqlite":
        template = str(folder / "newsmon.db")
        url = f"sqlite:///{template}"
    else:
        pg = request.getfixturevalue("pg_databases")
        name, url = pg.create()
        template = name
    try:
        config = write_config(folder / "newsmon.toml", database_url=url, sources=fixture_sources(fixture_web.base_url), seeds_dir=seeds)
        fixture_web.set_edition(1)
        fixture_web.clear_log()
        result = run_newsmon("crawl", "--no-alerts", config=config)
        assert result.returncode == 0, result.stderr
        requests = fixture_web.requests
        fixture_web.clear_log()
        yield FirstCrawl(request.param, template, seeds, result, requests)
    finally:
        if pg is not None:
            pg.drop(name)


@pytest.fixture
def crawled(request: pytest.FixtureRequest, first_crawl: FirstCrawl, tmp_path: Path, web: Any) -> Iterator[tuple[Path, str]]:
    """(config, database URL) of a fresh copy of the database right after the first
    crawl; the copy is the test's own, to read or crawl again."""
    pg = name = None
    if first_crawl.kind == "sqlite":
        copy = tmp_path / "newsmon.db"
        src, dst = sqlite3.connect(first_crawl.template), sqlite3.connect(copy)
        try:
            src.backup(dst)  # a consistent copy, WAL included
        finally:
            src.close()
            dst.close()
        url = f"sqlite:///{copy}"
    else:
        pg = request.getfixturevalue("pg_databases")
        name, url = pg.copy(first_crawl.template)
    try:
        yield write_config(tmp_path / "newsmon.toml", database_url=url, sources=fixture_sources(web.base_url), seeds_dir=first_crawl.seeds), url
    finally:
        if pg is not None:
            import gc

            gc.collect()
            pg.drop(name)


def stored_summaries(db_url: str) -> dict[str, Any]:
    """Crawled article URL -> stored summary, read from the database (the JSON output has no summary)."""
    from sqlalchemy import select

    from newsmon.store.database import Database
    from newsmon.store.models import Article

    db = Database(db_url)
    try:
        with db.session() as session:
            return dict(session.execute(select(Article.url, Article.summary).where(Article.origin == "crawl")).all())
    finally:
        db.dispose()


def test_crawl_stores_the_fixture_web(first_crawl: FirstCrawl, crawled: tuple[Path, str], web: Any) -> None:
    config, db_url = crawled
    result = first_crawl.result
    assert result.returncode == 0, result.stderr
    assert "articles new" in result.stdout  # the summary line under no tty

    stored = articles_json(config)
    crawled = [a for a in stored if a["origin"] == "crawl"]
    by_url = {a["url"]: a for a in crawled}
    expected = expected_articles(1)
    # Every article page of edition 1 stored exactly once, under its final URL.
    assert sorted(by_url) == sorted(web.url(a["path"]) for a in expected)
    assert len(crawled) == len(by_url)
    for exp in expected:
        got = by_url[web.url(exp["path"])]
        assert got["title"] == exp["title"], exp["path"]
        assert got["language"] == exp["language"], exp["path"]
        published = datetime.fromisoformat(got["published_at"])
        assert published.tzinfo is not None
        assert published == datetime.fromisoformat(exp["published"]), exp["path"]
        assert got["relevant"] is exp["relevant"], (exp["path"], exp["scenario"])

    # The page's description is the stored summary (동방신문's pages have none).
    from pipelines.normalize import clean_line_text
    from tests.fixtureweb.articles import ARTICLES

    summaries = stored_summaries(db_url)
    for a in ARTICLES:
        if a.edition == 1:
            assert summaries[web.url(a.path)] == (None if a.outlet == "dongbang" else clean_line_text(a.summary)), a.path

    # The redirecting feed link is stored under the final URL, not the /go/ one.
    for src, dst in MANIFEST["redirects"].items():
        assert web.url(dst) in by_url and web.url(src) not in by_url
    # EUC-KR pages (charset only in a meta tag) decoded right.
    dongbang = [a for a in crawled if "/dongbang/" in a["url"]]
    assert dongbang and all("\ufffd" not in a["title"] for a in dongbang)

    # The seed documents were ingested as articles.
    seeds = [a for a in stored if a["origin"] == "seed"]
    assert any(a["title"].startswith("[팩플] KT·MS ‘한국형 GPT-4o’ 만든다") for a in seeds)

    # robots.txt obeyed: the disallowed page was never requested.
    fetched = [r.path for r in first_crawl.requests if r.method == "GET"]
    assert "/robots.txt" in fetched
    for path in MANIFEST["robots_disallowed"]:
        assert path not in fetched

    # 404 and 500 counted, not fatal.
    run = runs_json(config)[0]
    assert run["status"] == "ok"
    assert run["errors"].get("http_404", 0) >= 1
    assert run["errors"].get("http_500", 0) >= 1
    assert run["articles_new"] == len(stored)


def test_recrawl_adds_nothing_and_asks_conditionally(crawled: tuple[Path, str], web: Any) -> None:
    config, _ = crawled  # after the first crawl
    before = articles_json(config)
    web.clear_log()

    result = run_newsmon("crawl", "--no-alerts", config=config)
    assert result.returncode == 0, result.stderr
    after = articles_json(config)
    assert [a["id"] for a in after] == [a["id"] for a in before]

    requests = web.requests
    # Sources whose previous fetch fully succeeded were asked conditionally and answered 304.
    atom = [r for r in requests if r.path == "/seoultech/atom.xml"]
    assert atom and atom[0].headers.get("If-None-Match") and atom[0].status == 304
    # Stored article pages were not fetched again.
    article_paths = {a["path"] for a in expected_articles(1)}
    refetched = {r.path for r in requests if r.path in article_paths}
    assert refetched <= set(MANIFEST["redirects"].values()), refetched
    run = runs_json(config)[0]
    assert run["articles_new"] == 0


def test_second_edition_adds_only_new_articles(crawled: tuple[Path, str], web: Any) -> None:
    config, _ = crawled  # after the first crawl
    first = {a["url"] for a in articles_json(config)}
    web.set_edition(2)
    assert run_newsmon("crawl", "--no-alerts", config=config).returncode == 0
    second = {a["url"] for a in articles_json(config)}
    added = {web.url(a["path"]) for a in MANIFEST["articles"] if a["edition"] == 2}
    assert second - first == added


def developments_json(config: Path, *extra: str) -> list[dict[str, Any]]:
    result = run_newsmon("developments", "--limit", "0", "--format", "json", *extra, config=config)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_groupings(config: Path, web: Any, edition: int) -> dict[str, int]:
    """Assert duplicates and developments match the manifest; return label -> development id."""
    stored = articles_json(config)
    by_url = {a["url"]: a for a in stored}
    seed_ids = [a["id"] for a in stored if a["origin"] == "seed" and a["title"].startswith("[팩플]")]
    labels: dict[str, int] = {}
    for exp in expected_articles(edition):
        got = by_url[web.url(exp["path"])]
        if exp["duplicate_of"] == "seed":
            assert got["duplicate_of"] in seed_ids, exp["path"]
        elif exp["duplicate_of"]:
            assert got["duplicate_of"] == by_url[web.url(exp["duplicate_of"])]["id"], exp["path"]
        else:
            assert got["duplicate_of"] is None, (exp["path"], exp["scenario"])
        if exp["development"] is None:
            assert got["development_id"] is None, exp["path"]
            continue
        assert got["development_id"] is not None, exp["path"]
        labels.setdefault(exp["development"], got["development_id"])
        assert got["development_id"] == labels[exp["development"]], (exp["path"], exp["development"])
    # Distinct events stay apart.
    assert len(set(labels.values())) == len(labels), labels
    devs = {d["id"]: d for d in developments_json(config)}
    # The seed's development is the signing, seeded, and not new.
    seed_dev = by_url[next(a["url"] for a in stored if a["id"] == seed_ids[0])]["development_id"]
    assert seed_dev == labels["signing"] and devs[seed_dev]["seeded"] is True
    new_ids = {d["id"] for d in developments_json(config, "--new")}
    assert seed_dev not in new_ids
    assert {labels[x] for x in labels if x != "signing"} <= new_ids
    return labels


def test_developments_after_two_crawls(crawled: tuple[Path, str], web: Any) -> None:
    config, _ = crawled  # after the first crawl
    labels1 = check_groupings(config, web, 1)
    web.set_edition(2)
    assert run_newsmon("crawl", "--no-alerts", config=config).returncode == 0
    labels2 = check_groupings(config, web, 2)
    # Known developments kept their ids; later coverage joined them.
    assert {k: labels2[k] for k in labels1} == labels1
    snapshot = developments_json(config)
    assert run_newsmon("crawl", "--no-alerts", config=config).returncode == 0
    again = developments_json(config)
    strip = lambda ds: [{k: v for k, v in d.items() if k != "last_seen"} for d in ds]  # noqa: E731
    assert strip(again) == strip(snapshot)
