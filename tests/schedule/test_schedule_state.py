"""The daemon keeps its job in memory and only plain times in the database.

Nothing from the database is unpickled: pickles left in (or planted into) an
``apscheduler_jobs`` table never run, garbage in ``schedule_state`` is
replaced, and a job that disappears is added again (or the daemon exits 1).
"""

from __future__ import annotations

import pickle
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import text

from newsmon.config import parse_config
from newsmon.schedule.daemon import CrawlDaemon
from newsmon.store.database import MIGRATIONS_DIR, Database, make_engine
from newsmon.store.schedule_state import JOB_ID, load_schedule
from tests.conftest import run_newsmon
from tests.schedule.test_scheduler import Harness, wait_for


class Canary:
    """Unpickling this creates a file: proof that a pickle from the database was loaded."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> Any:
        return (Path.touch, (self.path,))


APSCHEDULER_TABLE = (
    "CREATE TABLE apscheduler_jobs (id VARCHAR(191) PRIMARY KEY, next_run_time FLOAT, job_state BLOB NOT NULL)"
)


def _plant_jobs(db_url: str, canary: Path, *, create: bool = True) -> None:
    """Pickles and garbage in APScheduler's table, due now, as an attacker with write access would leave them."""
    engine = make_engine(db_url)
    past = (datetime.now(timezone.utc) - timedelta(hours=1)).timestamp()
    with engine.begin() as conn:
        if create:
            conn.execute(text(APSCHEDULER_TABLE))
        conn.execute(text("INSERT INTO apscheduler_jobs VALUES (:id, :t, :state)"),
                     [{"id": "evil", "t": past, "state": pickle.dumps(Canary(canary))},
                      {"id": JOB_ID, "t": past, "state": b"garbage, not a pickle"}])
    engine.dispose()


def _saved(db_url: str) -> Any:
    db = Database(db_url)
    try:
        with db.session() as s:
            return load_schedule(s)
    finally:
        db.dispose()


def test_pickles_in_the_database_are_never_loaded(tmp_path: Path, sqlite_url: str) -> None:
    h = Harness(tmp_path, sqlite_url)
    canary = tmp_path / "unpickled"
    try:
        _plant_jobs(sqlite_url, canary)
        h.set_modes("ok")
        daemon = h.start(every=3600)
        h.wait_ready(daemon)
        wait_for(lambda: (_saved(sqlite_url) or None) is not None, 30, "the schedule state to be saved")
        saved = _saved(sqlite_url)
        assert saved.next_run_at > datetime.now(timezone.utc) + timedelta(minutes=55)  # the schedule is in place
        code, log, _ = h.stop(daemon)
        assert code == 0, log
        assert not canary.exists()  # the planted pickle never ran
        assert "Unable to restore job" not in log
    finally:
        h.close()


def test_an_old_job_table_is_migrated_without_unpickling(tmp_path: Path, sqlite_url: str) -> None:
    """A database from before 0005: its next run time moves over as a number; the table goes."""
    from alembic import command
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    engine = make_engine(sqlite_url)
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    before = ScriptDirectory.from_config(cfg).get_revision("0005").down_revision  # wherever 0005 is chained
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, before)
    engine.dispose()
    canary = tmp_path / "unpickled"
    _plant_jobs(sqlite_url, canary)
    saved = _saved(sqlite_url)  # Database() upgrades to the newest revision
    assert saved is not None and abs((saved.next_run_at - datetime.now(timezone.utc)).total_seconds() - (-3600)) < 60
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    engine.dispose()
    assert "apscheduler_jobs" not in tables
    assert not canary.exists()


def test_garbage_in_the_schedule_state_is_replaced(tmp_path: Path, sqlite_url: str) -> None:
    h = Harness(tmp_path, sqlite_url)
    try:
        engine = make_engine(sqlite_url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO schedule_state (job_id, last_run_at, next_run_at, updated_at) "
                              "VALUES (:id, 'yesterday-ish', 'not a date', 'x')"), {"id": JOB_ID})
        engine.dispose()
        assert "next scheduled run:  -" in run_newsmon("status", config=h.config_path).stdout  # unreadable: none
        h.set_modes("ok")
        daemon = h.start(every=3600)
        h.wait_ready(daemon)
        wait_for(lambda: _saved(sqlite_url) is not None, 30, "a fresh schedule state")
        assert _saved(sqlite_url).next_run_at > datetime.now(timezone.utc)
        status = run_newsmon("status", "--format", "json", config=h.config_path)
        assert status.returncode == 0 and '"next_scheduled_run": null' not in status.stdout, status.stdout
        code, log, _ = h.stop(daemon)
        assert code == 0, log
    finally:
        h.close()


@pytest.fixture
def in_process_daemon(tmp_path: Path, sqlite_url: str) -> Iterator[CrawlDaemon]:
    config = parse_config({"database_url": sqlite_url, "state_dir": str(tmp_path / "s")}, base=tmp_path)
    yield CrawlDaemon(config, every=3600, command=["true"], install_signal_handlers=False)


def _run_in_thread(daemon: CrawlDaemon) -> tuple[threading.Thread, list[int]]:
    code: list[int] = []
    thread = threading.Thread(target=lambda: code.append(daemon.run()), daemon=True)
    thread.start()
    wait_for(lambda: daemon.scheduler is not None and daemon.scheduler.running, 30, "the scheduler to start")
    return thread, code


def test_a_lost_job_is_added_again(in_process_daemon: CrawlDaemon) -> None:
    daemon = in_process_daemon
    thread, code = _run_in_thread(daemon)
    try:
        assert daemon.scheduler is not None
        daemon.scheduler.remove_job(JOB_ID)
        wait_for(lambda: daemon.scheduler.get_job(JOB_ID) is not None, 10, "the job to come back")
        assert daemon.scheduler.get_job(JOB_ID).next_run_time > datetime.now(timezone.utc)
    finally:
        daemon.stop()
        thread.join(30)
    assert code == [0]


def test_a_job_that_cannot_be_added_again_makes_the_daemon_exit_1(in_process_daemon: CrawlDaemon) -> None:
    daemon = in_process_daemon
    thread, code = _run_in_thread(daemon)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("no scheduler for you")

    daemon._add_job = broken  # type: ignore[method-assign]
    assert daemon.scheduler is not None
    daemon.scheduler.remove_job(JOB_ID)
    thread.join(30)
    assert not thread.is_alive() and code == [1]
