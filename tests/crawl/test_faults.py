"""A hostile web: the crawl survives every fault, stores nothing broken, counts each failure.

Real HTTP on loopback against the fixture web's ``/faults/`` routes (flaky
5xx/429, a hanging and a trickling server, a truncated body, a redirect loop,
a 40 MB page, a gzip bomb, binary and empty pages, broken feeds), run through
``newsmon crawl`` as users run it. Also: one article's rows commit together
(an exception in the middle of ``record_article`` leaves nothing behind).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import ROOT, run_newsmon, write_config

SITE = ROOT / "tests" / "fixtureweb" / "site"
GOOD_ARTICLE = "/newswire/article/AKR20241114051200017"
PEAK_RSS_LIMIT_MB = 400


@pytest.fixture(scope="module")
def hostile_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The fixture web served from a copy, so tests can drop their own feeds into it."""
    from tests.fixtureweb.server import FixtureWeb

    root = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(SITE, root)
    (root / "hostile").mkdir()
    with FixtureWeb(root=root) as web:
        web.root_dir = root
        yield web


def rss(links: list[str]) -> str:
    items = "\n".join(
        f"<item><title>item {i}</title><link>{link}</link><pubDate>Thu, 14 Nov 2024 10:12:00 +0900</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>t</title><link>{{base}}/</link>\n{items}\n</channel></rss>\n'


def add_feed(web: Any, links: list[str]) -> str:
    """Write a feed into the served tree; return its URL."""
    name = f"hostile/{uuid.uuid4().hex[:10]}.xml"
    (web.root_dir / name).write_text(rss(links), encoding="utf-8")
    return web.url("/" + name)


def config_for(tmp_path: Path, feeds: list[str], *, timeout: float = 1.0, extra: str = "") -> Path:
    config = write_config(
        tmp_path / "newsmon.toml",
        database_url=f"sqlite:///{tmp_path / 'newsmon.db'}",
        sources=[{"type": "feed", "url": url, "name": f"feed {i}"} for i, url in enumerate(feeds)],
        seeds_dir=tmp_path / "no-seeds",
        extra=extra,
    )
    # Small timeouts: a hanging or trickling server costs a second per try, not thirty.
    config.write_text(config.read_text("utf-8").replace("timeout = 10", f"timeout = {timeout}"), "utf-8")
    return config


def crawl_measured(config: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``newsmon crawl`` from a fresh wrapper process; return (result, peak RSS in MB of the crawl tree)."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'rc': r.returncode, 'out': r.stdout, 'err': r.stderr, 'peak_mb': peak}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env["PYTHONPATH"] = str(ROOT)
    argv = [sys.executable, "-c", wrapper, sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--no-alerts"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=240, env=env, cwd=ROOT)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    result = subprocess.CompletedProcess(argv, report["rc"], report["out"], report["err"])
    return result, float(report["peak_mb"])


def stored(config: Path) -> list[dict[str, Any]]:
    result = run_newsmon("articles", "--all", "--limit", "0", "--format", "json", config=config)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def last_run(config: Path) -> dict[str, Any]:
    result = run_newsmon("runs", "--format", "json", config=config)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]


def requests_for(web: Any, path: str) -> list[Any]:
    return [r for r in web.requests if r.path == path]


def test_crawl_survives_every_fault_and_counts_each_kind(tmp_path: Path, hostile_web: Any) -> None:
    web = hostile_web
    key = uuid.uuid4().hex[:8]
    flaky = [f"/faults/flaky/2/{key}", f"/faults/flaky429/2/{key}"]
    retry_feed = add_feed(web, ["{base}" + p for p in flaky])
    config = config_for(tmp_path, [web.url("/faults/feed-all.xml"), retry_feed], timeout=2)
    web.clear_log()

    result, peak_mb = crawl_measured(config)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    # A 40 MB page and a 1 GB gzip bomb never got into memory.
    assert peak_mb < PEAK_RSS_LIMIT_MB, peak_mb

    run = last_run(config)
    assert run["status"] == "ok"
    errors = run["errors"]
    assert errors.get("timeout", 0) >= 2, errors  # hang and trickle, each bounded by [crawl] timeout
    assert errors.get("truncated", 0) == 1, errors
    assert errors.get("too_large", 0) == 2, errors  # huge page and gzip bomb
    assert errors.get("not_article", 0) == 3, errors  # malformed, binary, empty
    assert errors.get("http_404", 0) == 1, errors

    # 503 and 429 were retried until they answered; the article is stored once
    # (the three flaky URLs serve one story, so two are exact duplicates).
    for path, error in ((flaky[0], 503), (flaky[1], 429), ("/faults/flaky/2/a", 503)):
        statuses = [r.status for r in requests_for(web, path)]
        assert statuses[:3] == [error, error, 200], (path, statuses)
    articles = stored(config)
    assert len(articles) == 1, [a["url"] for a in articles]
    assert articles[0]["url"] in {web.url(p) for p in [*flaky, "/faults/flaky/2/a"]}
    assert run["articles_duplicate"] == 2

    # Nothing built from a partial, huge, bomb, binary or empty page.
    assert not any("/faults/" in a["url"] and "flaky" not in a["url"] for a in articles)
    # The redirect loop ended (bounded), without an article.
    loop = [r.status for r in web.requests if r.path.startswith("/faults/redirect-loop/")]
    assert loop and set(loop) == {302} and len(loop) <= 11

    # Next run: the failed source is fetched in full (no conditional headers),
    # its failed articles are asked again, and the stored one is not.
    web.clear_log()
    again = run_newsmon("crawl", "--no-alerts", config=config)
    assert again.returncode == 0, again.stderr
    feed_requests = requests_for(web, "/faults/feed-all.xml")
    assert feed_requests and "If-None-Match" not in feed_requests[0].headers
    assert "If-Modified-Since" not in feed_requests[0].headers
    assert requests_for(web, "/faults/truncated")
    kept = articles[0]["url"].removeprefix(web.base_url)
    assert not requests_for(web, kept)
    assert len(stored(config)) == 1


def test_broken_feeds_do_not_stop_the_run(tmp_path: Path, hostile_web: Any) -> None:
    web = hostile_web
    feeds = ["feed-notwellformed.xml", "feed-entities.xml", "feed-relative.xml", "feed-billion-laughs.xml"]
    config = config_for(tmp_path, [web.url("/faults/" + f) for f in feeds], timeout=5)
    web.clear_log()
    result = run_newsmon("crawl", "--no-alerts", config=config)
    assert result.returncode == 0, result.stderr
    run = last_run(config)
    assert run["status"] == "degraded"  # the billion-laughs feed is a failed source; the others answered
    assert run["message"].startswith("1 of 4 sources failed:") and "(feed_invalid)" in run["message"]
    # The billion-laughs feed failed fast and was counted.
    assert run["errors"].get("feed_invalid", 0) >= 1, run["errors"]

    fetched = set(web.fetched_paths())
    # HTML entities in a feed are text, not errors; &amp; in a link is decoded.
    assert "/hanbit/news/articleView.html?idxno=1016&from=rss" in fetched
    assert "/seoultech/2024/11/15/inside-kt-microsoft-ai-innovation-center-seoul/" in fetched
    # Relative links resolved against the feed's URL.
    assert "/hanbit/news/articleView.html?idxno=1016" in fetched
    assert GOOD_ARTICLE in fetched
    # javascript: and mailto: links were never followed (no such request, no crash).
    assert not any("javascript" in p or "mailto" in p or "alert(1)" in p for p in fetched)

    titles = {a["title"] for a in stored(config)}
    assert titles and not any("&" in t and ";" in t for t in titles), titles
    # Every stored article is a real page of the fixture web, stored once.
    urls = [a["url"] for a in stored(config)]
    assert len(urls) == len(set(urls))


def _item(url: str) -> Any:
    from newsmon.items import ArticleItem
    from pipelines.normalize import body_hash

    body = "KT와 마이크로소프트가 광화문에 AI 이노베이션 센터를 열었다. " * 8
    return ArticleItem(
        url=url,
        canonical_url=url,
        title="KT·MS, 광화문에 AI 이노베이션 센터 공동 개소",
        body=body,
        body_hash=body_hash(body),
        language="ko",
        relevant=True,
        relevance=0.9,
        topics=["kt-microsoft"],
    )


def _counts(db: Any) -> dict[str, int]:
    from sqlalchemy import func, select

    from newsmon.store.models import Alert, Article, Development, NearDupBand

    with db.session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in (Article, Development, Alert, NearDupBand)}


def test_one_bad_article_in_a_commit_group_costs_only_itself(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store commits articles in groups; one that fails is left out, the rest are stored."""
    import asyncio
    from collections import Counter

    import pipelines.store as store
    from newsmon.app import App
    from newsmon.config import load_config

    config = load_config(str(write_config(tmp_path / "newsmon.toml", database_url=db_url, sources=[])))
    bad = "https://news.example.com/a/3"
    real_record = store.record_article

    def record_or_fail(session: Any, item: Any, **kwargs: Any) -> Any:
        result = real_record(session, item, **kwargs)  # its rows are written, then the crash
        if item.url == bad:
            raise RuntimeError("injected crash inside a commit group")
        return result

    monkeypatch.setattr(store, "record_article", record_or_fail)

    class Stats(Counter):
        def inc_value(self, key: str, count: int = 1) -> None:
            self[key] += count

    failed: list[str] = []
    stats = Stats()
    app = App(config)
    pipeline = store.StorePipeline(app, None, stats, batch_size=500, commit_size=4,
                                   on_failure=lambda item: failed.append(item.url))
    urls = [f"https://news.example.com/a/{i}" for i in range(1, 7)]

    async def crawl() -> None:
        pipeline.open_spider()
        for i, url in enumerate(urls):
            item = _item(url)
            item.body = f"{i} {item.body}"  # distinct bodies: no exact duplicates
            item.body_hash = f"hash-{i}"
            await pipeline.process_item(item)
        await pipeline.close_spider()

    asyncio.run(crawl())
    assert failed == [bad]
    assert stats["newsmon/errors/store_failed"] == 1
    assert stats["newsmon/articles/new"] == 5
    from sqlalchemy import select

    from newsmon.store.database import Database
    from newsmon.store.models import Article

    db = Database(db_url)
    try:
        with db.session() as session:
            stored = set(session.scalars(select(Article.url)))
        assert stored == set(urls) - {bad}
    finally:
        db.dispose()


@pytest.mark.parametrize("failing", ["newsmon.events.developments.process_article", "newsmon.alerts.enqueue_development"])
def test_an_article_commits_whole_or_not_at_all(db_url: str, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    from newsmon.events.record import record_article
    from newsmon.store.database import Database

    db = Database(db_url)
    try:
        before = _counts(db)
        module, name = failing.rsplit(".", 1)

        def boom(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("injected crash after the article insert")

        with monkeypatch.context() as m:
            m.setattr(f"{module}.{name}", boom)
            with pytest.raises(RuntimeError, match="injected"):
                with db.session() as session:
                    record_article(session, _item("https://news.example.com/a/1"))
        assert _counts(db) == before  # no article, no band, no development, no alert

        # The same article again, without the fault: stored once with its development.
        with db.session() as session:
            result = record_article(session, _item("https://news.example.com/a/1"))
        assert result.status == "new"
        after = _counts(db)
        assert after["articles"] == before["articles"] + 1
        with db.session() as session:
            assert record_article(session, _item("https://news.example.com/a/1")).status == "unchanged"
        assert _counts(db) == after
    finally:
        db.dispose()
