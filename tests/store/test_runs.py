"""Run records and the `runs` / `status` commands."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path


import pytest
from click.testing import CliRunner

from newsmon.app import App
from newsmon.cli.schedule import runs as runs_command
from newsmon.cli.schedule import status as status_command
from newsmon.config import parse_config
from newsmon.store.database import Database
from newsmon.store.models import Alert, Article, Development, Run
from newsmon.store.runs import (
    finish_run,
    last_successful,
    list_runs,
    mark_interrupted,
    scrub,
    start_run,
    status_report,
)


def _finished(db: Database, *, status: str, minutes_ago: int, **counts: int) -> int:
    with db.session() as s:
        run = start_run(s, trigger="cli", pid=100 + minutes_ago)
        run.started_at = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
        finish_run(s, run, status=status, counts=counts, errors={})
        return run.id


def test_a_run_is_recorded_from_start_to_finish(db: Database) -> None:
    with db.session() as s:
        run = start_run(s, trigger="schedule", pid=4242)
        run_id = run.id
        assert run_id is not None
    with db.session() as s:
        row = s.get(Run, run_id)
        assert (row.status, row.trigger, row.pid, row.finished_at) == ("running", "schedule", 4242, None)
        finish_run(
            s,
            row,
            status="ok",
            counts={"pages_fetched": 12, "articles_new": 3, "developments_new": 1},
            errors={"http_404": 2},
        )
    with db.session() as s:
        row = s.get(Run, run_id)
        assert row.status == "ok"
        assert (row.pages_fetched, row.articles_new, row.developments_new, row.articles_duplicate) == (12, 3, 1, 0)
        assert row.errors == {"http_404": 2}
        assert row.finished_at is not None and row.finished_at >= row.started_at


def test_finish_run_refuses_unknown_status_and_counts(db: Database) -> None:
    with db.session() as s:
        run = start_run(s, trigger="cli", pid=1)
        with pytest.raises(ValueError, match="unknown run status"):
            finish_run(s, run, status="done", counts={}, errors={})
        with pytest.raises(ValueError, match="articles_nwe"):
            finish_run(s, run, status="ok", counts={"articles_nwe": 1}, errors={})


def test_messages_never_keep_a_password(db: Database) -> None:
    with db.session() as s:
        run = start_run(s, trigger="cli", pid=1)
        finish_run(
            s,
            run,
            status="failed",
            counts={},
            errors={"database": 1},
            message="OperationalError: cannot connect to postgresql+psycopg://news:hunter2@db.internal:5432/news",
        )
        run_id = run.id
    with db.session() as s:
        message = s.get(Run, run_id).message
    assert "hunter2" not in message
    assert "postgresql+psycopg://news:***@db.internal:5432/news" in message
    assert scrub("smtp://mail:p%40ss@mx and https://example.com/a:b@c") == "smtp://mail:***@mx and https://example.com/a:b@c"


def test_mark_interrupted_closes_rows_of_dead_processes_but_spares_its_own(db: Database) -> None:
    with db.session() as s:
        dead = start_run(s, trigger="schedule", pid=11).id
        mine = start_run(s, trigger="cli", pid=12).id
    done = _finished(db, status="ok", minutes_ago=5)
    with db.session() as s:
        assert mark_interrupted(s, exclude_run_id=mine) == 1
    with db.session() as s:
        assert s.get(Run, dead).status == "interrupted"
        assert s.get(Run, dead).finished_at is not None
        assert s.get(Run, mine).status == "running"
        assert s.get(Run, done).status == "ok"
        assert mark_interrupted(s) == 1  # now also "mine"


def test_list_runs_newest_first_and_last_successful(db: Database) -> None:
    old_ok = _finished(db, status="ok", minutes_ago=30)
    new_ok = _finished(db, status="ok", minutes_ago=20)
    failed = _finished(db, status="failed", minutes_ago=10)
    with db.session() as s:
        assert [r.id for r in list_runs(s, 10)] == [failed, new_ok, old_ok]
        assert [r.id for r in list_runs(s, 2)] == [failed, new_ok]
        assert last_successful(s).id == new_ok


def test_status_report_counts(db: Database) -> None:
    assert status_report_empty(db)
    ok_id = _finished(db, status="ok", minutes_ago=20, pages_fetched=5)
    last_id = _finished(db, status="timeout", minutes_ago=1)
    with db.session() as s:
        dev = Development(title="KT and Microsoft sign a five-year partnership")
        s.add(dev)
        s.flush()
        for i in range(3):
            s.add(Article(url=f"https://news.example/{i}", canonical_url=f"https://news.example/{i}", relevant=i > 0))
        s.add(Alert(kind="development", development_id=dev.id, status="pending"))
        s.add(Alert(kind="update", development_id=dev.id, status="sent"))
    with db.session() as s:
        report = status_report(s)
    assert report["last_success"]["id"] == ok_id
    assert report["last_run"]["id"] == last_id and report["last_run"]["status"] == "timeout"
    assert (report["pending_alerts"], report["articles"], report["articles_relevant"], report["developments"]) == (1, 3, 2, 1)
    assert report["articles_unassigned"] == 0
    json.dumps(report)  # JSON-ready


def status_report_empty(db: Database) -> bool:
    with db.session() as s:
        report = status_report(s)
    return report == {
        "last_success": None,
        "last_run": None,
        "pending_alerts": 0,
        "articles": 0,
        "articles_relevant": 0,
        "developments": 0,
        "articles_unassigned": 0,
        "next_scheduled_run": None,
    }


def _app(db_url: str, tmp_path: Path) -> App:
    return App(parse_config({"database_url": db_url, "state_dir": str(tmp_path / "state")}, base=tmp_path))


def test_runs_command_table_and_json(db: Database, db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    app = _app(db_url, tmp_path)
    empty = runner.invoke(runs_command, [], obj=app)
    assert empty.exit_code == 0 and "no runs yet" in empty.output
    first = _finished(db, status="ok", minutes_ago=3, pages_fetched=7, articles_new=2)
    second = _finished(db, status="failed", minutes_ago=1)
    table = runner.invoke(runs_command, ["--limit", "5"], obj=app)
    assert table.exit_code == 0, table.output
    lines = table.output.strip().splitlines()
    assert lines[0].split()[:5] == ["ID", "STARTED", "(KST)", "TOOK", "STATUS"]  # times labelled with their zone
    assert lines[1].split()[0] == str(second) and "failed" in lines[1]
    assert lines[2].split()[0] == str(first) and " ok " in lines[2]
    as_json = runner.invoke(runs_command, ["--format", "json", "--limit", "1"], obj=app)
    assert as_json.exit_code == 0
    data = json.loads(as_json.output)
    assert [r["id"] for r in data] == [second]
    assert data[0]["status"] == "failed" and "started_at" in data[0]
    every = runner.invoke(runs_command, ["--limit", "0", "--format", "json"], obj=app)
    assert [r["id"] for r in json.loads(every.output)] == [second, first]  # 0: no limit, as everywhere
    app.close()


def test_status_command_text_and_json_hide_the_password(db: Database, db_url: str, tmp_path: Path) -> None:
    _finished(db, status="ok", minutes_ago=2)
    runner = CliRunner()
    app = _app(db_url, tmp_path)
    text = runner.invoke(status_command, [], obj=app)
    assert text.exit_code == 0, text.output
    assert "last successful run: #1" in text.output
    assert "pending alerts:      0" in text.output
    data = json.loads(runner.invoke(status_command, ["--format", "json"], obj=app).output)
    assert data["last_success"]["id"] == 1 and data["developments"] == 0
    app.close()
    # A password in the URL is never printed (the server ignores it with trust auth).
    if db_url.startswith("postgresql"):
        with_pw = db_url.replace("postgres@", "postgres:s3cr3t-pw@")
        app = _app(with_pw, tmp_path)
        out = runner.invoke(status_command, [], obj=app).output
        app.close()
        assert "s3cr3t-pw" not in out and "postgres:***@" in out
