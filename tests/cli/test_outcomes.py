"""Run outcomes as cron sees them: ok, degraded (one line even with --quiet), failed (exit 1)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from newsmon import exitcodes
from tests.conftest import fixture_sources, run_newsmon, write_config
from tests.ports import reserved_port


def closed_port() -> int:
    """A port nothing listens on, and nothing of the suite will while this test process runs (tests.ports)."""
    return reserved_port()


def broken_sources(base: str) -> list[dict[str, str]]:
    """Every way a source fails: 404, HTML served as a feed, a closed port, an unknown host."""
    return [
        {"type": "feed", "url": f"{base}/nope/rss.xml", "name": "Gone"},
        {"type": "feed", "url": f"{base}/hanbit/index.html", "name": "Not a feed"},
        {"type": "feed", "url": f"http://127.0.0.1:{closed_port()}/rss.xml", "name": "Closed"},
        {"type": "sitemap", "url": "http://no-such-host.invalid/sitemap.xml", "name": "No DNS"},
    ]


def test_a_crawl_where_every_source_fails_exits_1_with_one_line_under_quiet(tmp_path: Path, web: Any) -> None:
    db = tmp_path / "n.db"
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db}", sources=broken_sources(web.base_url), seeds_dir=tmp_path / "none")
    result = run_newsmon("crawl", "--quiet", config=config)
    assert result.returncode == exitcodes.FAILED
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsmon: error: run 1 failed: no source answered (4 failed"), result.stderr
    runs = json.loads(run_newsmon("runs", "--format", "json", config=config).stdout)
    assert runs[0]["status"] == "failed"
    status = json.loads(run_newsmon("status", "--format", "json", config=config).stdout)
    assert status["last_success"] is None and status["last_run"]["status"] == "failed"
    assert "last successful run: none" in run_newsmon("status", config=config).stdout
    sources = {s["url"]: s for s in json.loads(run_newsmon("sources", "--format", "json", config=config).stdout)}
    kinds = {s["name"]: s["last_error_kind"] for s in sources.values()}
    assert kinds == {"Gone": "http_404", "Not a feed": "feed_invalid", "Closed": "connection_refused", "No DNS": "dns"}
    assert all(s["consecutive_failures"] == 1 and s["last_success"] is None for s in sources.values())


def test_a_degraded_crawl_exits_0_and_still_says_so_under_quiet(tmp_path: Path, web: Any) -> None:
    db = tmp_path / "n.db"
    sources = fixture_sources(web.base_url) + broken_sources(web.base_url)[:1]
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db}", sources=sources, seeds_dir=tmp_path / "none")
    result = run_newsmon("crawl", "--quiet", "--no-alerts", config=config)
    assert result.returncode == exitcodes.OK, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(r"newsmon: run 1 degraded: 1 of \d+ sources failed: Gone \(http_404\)", lines[0]), lines
    status = json.loads(run_newsmon("status", "--format", "json", config=config).stdout)
    assert status["last_success"]["id"] == 1 and status["last_success"]["status"] == "degraded"
    runs = json.loads(run_newsmon("runs", "--format", "json", config=config).stdout)
    assert runs[0]["errors"].get("http_404", 0) >= 1 and "logged_errors" not in runs[0]["errors"]  # each failure counted once
    # Without --quiet the summary names the outcome too.
    again = run_newsmon("crawl", "--no-alerts", config=config)
    assert again.returncode == 0 and "run 2 degraded" in again.stdout


def test_a_crawl_whose_articles_cannot_be_stored_is_failed(tmp_path: Path, web: Any) -> None:
    import sqlite3

    db = tmp_path / "n.db"
    empty = write_config(tmp_path / "empty.toml", database_url=f"sqlite:///{db}", sources=[], seeds_dir=tmp_path / "none")
    assert run_newsmon("crawl", "--quiet", config=empty).returncode == 0  # creates the schema
    with sqlite3.connect(db) as conn:  # the database refuses every article, as a full disk would
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db}", sources=fixture_sources(web.base_url)[:1], seeds_dir=tmp_path / "none")
    result = run_newsmon("crawl", "--quiet", "--no-alerts", config=config)
    assert result.returncode == exitcodes.FAILED
    assert result.stderr.strip().splitlines()[-1].startswith("newsmon: error: run 2 failed: storing failed"), result.stderr
    status = json.loads(run_newsmon("status", "--format", "json", config=config).stdout)
    assert status["last_success"]["id"] == 1 and status["last_run"]["status"] == "failed"
