"""The whole cycle as users run it: cron overlap, alerts after a crawl, the
other ways in (``scrapy crawl news``, ``newsmon extract``), and the deploy
examples' syntax."""

from __future__ import annotations

import email
import email.policy
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, fixture_sources, run_newsmon, write_config
from tests.fixtureweb import write_seed_dir
from tests.smtpserver import SmtpServer


def seeds_for(web: Any, tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    write_seed_dir(seeds, web.base_url)
    shutil.copy(ROOT / "seeds" / "kt-microsoft.toml", seeds / "kt-microsoft.toml")
    return seeds


def newsmon_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_rows(db: Path) -> list[tuple]:
    """The runs table, or [] while the first process is still creating the schema."""
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("select id, status from runs order by id").fetchall()
    except sqlite3.OperationalError:
        return []


def test_overlapping_crawl_exits_75_at_once_and_writes_nothing(tmp_path: Path, web: Any) -> None:
    db = tmp_path / "newsmon.db"
    sources = fixture_sources(web.base_url) + [{"type": "page", "url": f"{web.base_url}/faults/hang"}]
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db}", sources=sources, seeds_dir=seeds_for(web, tmp_path))
    # The hanging page keeps the first crawl running (1 + 3 retries) x timeout = 16 s,
    # longer than the second may take (< 15 s, asserted below), so they overlap.
    config.write_text(config.read_text().replace("timeout = 10", "timeout = 4"))
    argv = [sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--no-alerts", "--quiet"]
    first = subprocess.Popen(argv, env=newsmon_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (db.exists() and run_rows(db)):
            assert first.poll() is None, first.communicate()
            time.sleep(0.05)
        assert run_rows(db) == [(1, "running")]
        started = time.monotonic()
        second = subprocess.run(argv, env=newsmon_env(), cwd=ROOT, capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - started
        assert second.returncode == 75, second.stderr
        assert "another newsmon crawl is running" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
        assert elapsed < 15  # interpreter start-up included; the lock itself answers at once
        assert run_rows(db) == [(1, "running")]  # the second run wrote nothing
    finally:
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert run_rows(db) == [(1, "degraded")]  # the hanging source failed; the others answered
    assert "degraded" in err and "(timeout)" in err  # said even under --quiet
    # The hanging page was bounded by the timeout and counted, not fatal.
    result = run_newsmon("runs", "--format", "json", config=config)
    assert json.loads(result.stdout)[0]["errors"].get("timeout", 0) >= 1


def test_crawl_mails_one_digest_then_nothing(tmp_path: Path, web: Any, db_url: str) -> None:
    with SmtpServer() as smtp:
        extra = (
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
            'from = "newsmon <alerts@newsmon.test>"\nto = ["team@newsmon.test", "lead@newsmon.test"]\n'
        )
        config = write_config(
            tmp_path / "newsmon.toml", database_url=db_url, sources=fixture_sources(web.base_url),
            seeds_dir=seeds_for(web, tmp_path), extra=extra,
        )
        first = run_newsmon("crawl", config=config)
        assert first.returncode == 0, first.stderr
        assert sorted(r for m in smtp.messages for r in m.rcpt_tos) == ["lead@newsmon.test", "team@newsmon.test"]
        assert len(smtp.messages) == 2
        msg = email.message_from_bytes(smtp.messages[0].content, policy=email.policy.default)
        devs = json.loads(run_newsmon("developments", "--format", "json", "--limit", "0", config=config).stdout)
        announced = [d for d in devs if not d["seeded"]]
        assert announced and all(d["announced_at"] for d in announced)
        assert f"{len(announced)} new developments" in msg["Subject"]
        text = msg.get_body(("plain",)).get_content()
        for d in announced:
            assert d["title"] in text
        seeded = [d for d in devs if d["seeded"]]
        assert seeded and all(d["title"] not in text for d in seeded)

        second = run_newsmon("crawl", config=config)
        assert second.returncode == 0, second.stderr
        assert len(smtp.messages) == 2  # nothing new: no e-mail


def test_scrapy_crawl_news_uses_the_same_settings(tmp_path: Path, web: Any) -> None:
    db = tmp_path / "newsmon.db"
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db}", sources=fixture_sources(web.base_url), seeds_dir=seeds_for(web, tmp_path))
    env = newsmon_env() | {"NEWSMON_CONFIG": str(config)}
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-s", "LOG_LEVEL=WARNING"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    stored = json.loads(run_newsmon("articles", "--all", "--limit", "0", "--format", "json", config=config).stdout)
    assert len([a for a in stored if a["origin"] == "crawl"]) >= 18
    robots = [r for r in web.requests if r.path == "/robots.txt"]
    assert robots and robots[0].headers.get("User-Agent", "").startswith("newsmon/")


def test_extract_command_prints_the_normalized_article(web: Any, tmp_path: Path) -> None:
    from tests.fixtureweb.build_site import SITE_DIR, path_to_file

    path = "/dongbang/read.php?no=20241114003"
    saved = SITE_DIR / path_to_file(path)
    result = run_newsmon("extract", str(saved), "--url", web.url(path) + "&utm_source=x", "--format", "json")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "KT·MS 손잡고 'AI 이노베이션 센터' 문 열어"  # EUC-KR decoded
    assert article["canonical_url"] == web.url(path)  # tracking parameter dropped
    assert article["published_at"].startswith("2024-11-14T14:20:00+09:00")
    assert article["language"] == "ko" and "무단전재" not in article["body"]
    # Fetched under the crawl's network guard: the fixture web (loopback) is reachable as a configured source.
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{tmp_path / 'n.db'}", sources=fixture_sources(web.base_url))
    live = run_newsmon("extract", web.url(path), config=config)
    assert live.returncode == 0 and "KT·MS 손잡고" in live.stdout
    missing = run_newsmon("extract", str(tmp_path / "nope.html"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_units_are_valid(tmp_path: Path) -> None:
    units = [ROOT / "deploy" / n for n in ("newsmon.service", "newsmon.timer", "newsmon-schedule.service")]
    # verify wants the ExecStart binary to exist: point it at this venv's newsmon.
    for unit in units:
        text = unit.read_text().replace("/opt/newsmon/.venv/bin/newsmon", str(Path(sys.executable).with_name("newsmon")))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / u.name) for u in units)], capture_output=True, text=True)
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "newsmon" in line and "Failed to" not in line]
    assert result.returncode == 0 or not problems, result.stdout + result.stderr
    calendar = subprocess.run(["systemd-analyze", "calendar", "*-*-* *:00/30:00"], capture_output=True, text=True)
    assert calendar.returncode == 0, calendar.stderr


def test_crontab_line_is_five_fields_and_a_runnable_command() -> None:
    from apscheduler.triggers.cron import CronTrigger

    lines = [l for l in (ROOT / "deploy" / "crontab.example").read_text().splitlines() if l.strip() and not l.startswith("#") and "=" not in l.split()[0]]
    assert lines
    for line in lines:
        fields = line.split(None, 5)
        CronTrigger.from_crontab(" ".join(fields[:5]))  # raises on a bad expression
        assert "newsmon --config" in fields[5] and " crawl --quiet" in fields[5]
    readme = (ROOT / "README.md").read_text()
    assert lines[0].split(None, 5)[5].split("&&")[-1].strip() in readme or "crawl --quiet" in readme
