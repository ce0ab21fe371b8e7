"""The `newsmon schedule` daemon, run as a real process with stand-in crawls.

The stand-in (FAKE_CRAWL) behaves like `newsmon crawl` would in each mode:
records its run and succeeds, fails before recording anything, hangs after
recording its start (with a grandchild, to check the whole process group is
killed), or ignores SIGTERM.
"""

from __future__ import annotations

import logging

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator, Optional
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from newsmon.config import ConfigError, load_config, parse_config
from newsmon.store.database import Database
from newsmon.schedule.locks import EXIT_ALREADY_RUNNING, lock_path
from newsmon.store.models import Run
from newsmon.schedule.child import ChildOutcome
from newsmon.schedule.daemon import CrawlDaemon, crawl_command
from newsmon.schedule.triggers import crontab_trigger, make_trigger
from newsmon.store.schedule_state import load_schedule, save_schedule
from tests.conftest import run_newsmon

ROOT = Path(__file__).resolve().parents[2]

FAKE_CRAWL = r"""
import os, signal, subprocess, sys, time
from pathlib import Path
modes_file, db_url, calls_file = sys.argv[1:4]
calls = Path(calls_file)
n = len(calls.read_text().splitlines()) if calls.exists() else 0
with calls.open("a") as f:
    f.write(f"{os.getpid()}\n")
modes = Path(modes_file).read_text().split()
mode = modes[min(n, len(modes) - 1)]
if mode == "fail":
    print("Traceback (most recent call last): ...", flush=True)
    print("OperationalError: cannot reach postgresql+psycopg://newsmon:hunter2@db.internal/news", flush=True)
    sys.exit(3)
if mode == "busy":
    sys.exit(75)
from newsmon.store.database import Database
from newsmon.store.models import Run
from newsmon.store.runs import finish_run, start_run
db = Database(db_url)
with db.session() as s:
    run_id = start_run(s, trigger="schedule", pid=os.getpid()).id
if mode == "ok":
    with db.session() as s:
        finish_run(s, s.get(Run, run_id), status="ok", counts={"pages_fetched": 1}, errors={})
    sys.exit(0)
db.dispose()
if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
with open(calls_file + ".grandchildren", "a") as f:
    f.write(f"{grandchild.pid}\n")
time.sleep(600)
"""

DAEMON = r"""
import json, sys
from newsmon.config import load_config
from newsmon.logconfig import configure_logging
from newsmon.schedule.daemon import CrawlDaemon
config = load_config(sys.argv[1])
configure_logging(config)
every = float(sys.argv[2]) if sys.argv[2] != "-" else None
sys.exit(CrawlDaemon(config, every=every, command=json.loads(sys.argv[3]), term_grace=1.0).run())
"""


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll until ``predicate()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


class Harness:
    """A config, the stand-in crawl, and daemons started on them."""

    def __init__(self, tmp_path: Path, db_url: str, *, run_timeout: float = 60, misfire_grace_time: int = 600) -> None:
        self.tmp_path = tmp_path
        self.db_url = db_url
        self.modes = tmp_path / "modes.txt"
        self.calls = tmp_path / "calls.txt"
        self.grandchildren = tmp_path / "calls.txt.grandchildren"
        self.config_path = tmp_path / "newsmon.toml"
        self.write_config(tmp_path / "state", run_timeout=run_timeout, misfire_grace_time=misfire_grace_time)
        (tmp_path / "fake_crawl.py").write_text(FAKE_CRAWL)
        self.command = [sys.executable, str(tmp_path / "fake_crawl.py"), str(self.modes), db_url, str(self.calls)]
        self.db = Database(db_url)
        self.procs: list[subprocess.Popen[str]] = []

    def write_config(self, state_dir: Path, *, run_timeout: float, misfire_grace_time: int, path: Optional[Path] = None) -> Path:
        path = path or self.config_path
        path.write_text(
            f"database_url = {json.dumps(self.db_url)}\n"
            f"state_dir = {json.dumps(str(state_dir))}\n"
            "[schedule]\n"
            f"run_timeout = {run_timeout}\n"
            f"misfire_grace_time = {misfire_grace_time}\n"
        )
        return path

    def set_modes(self, *modes: str) -> None:
        self.modes.write_text("\n".join(modes) + "\n")

    def start(self, every: Optional[float], config: Optional[Path] = None) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", DAEMON, str(config or self.config_path), str(every) if every else "-", json.dumps(self.command)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.procs.append(proc)
        return proc

    def wait_ready(self, proc: subprocess.Popen[str]) -> None:
        """The daemon holds its lock once its pid is in the lock file."""
        path = lock_path(load_config(str(self.config_path)), "scheduler")

        def ready() -> bool:
            assert proc.poll() is None, f"daemon exited early: {proc.returncode} {proc.stderr.read() if proc.stderr else ''}"
            return path.exists() and path.read_text().split()[:1] == [str(proc.pid)]

        wait_for(ready, 30, "the daemon to take its lock")

    def stop(self, proc: subprocess.Popen[str], within: float = 15) -> tuple[int, str, float]:
        """SIGTERM the daemon; its exit code, stderr and how long it took to exit."""
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=within)
        return proc.returncode, err, time.monotonic() - started

    def runs(self) -> list[Run]:
        with self.db.session() as s:
            return list(s.scalars(select(Run).order_by(Run.id)))

    def finished_runs(self) -> list[Run]:
        return [r for r in self.runs() if r.status != "running"]

    def call_pids(self) -> list[int]:
        return [int(x) for x in self.calls.read_text().split()] if self.calls.exists() else []

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        for path in (self.calls, self.grandchildren):
            for pid in [int(x) for x in path.read_text().split()] if path.exists() else []:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
        self.db.dispose()


#: The run_timeout the hung stand-in crawl is killed after. It bounds the hang only, and the
#: crawl that succeeds must finish inside it too: interpreter start-up, imports and two
#: SQLite transactions, about 0.6 s on an idle machine, seconds more when the cores are
#: shared by two test processes, when 2 s left that run little room.
HANG_TIMEOUT = 8


@pytest.fixture
def harness(tmp_path: Path, sqlite_url: str) -> Iterator[Harness]:
    h = Harness(tmp_path, sqlite_url, run_timeout=HANG_TIMEOUT)
    yield h
    h.close()


@pytest.fixture
def harness_any_db(tmp_path: Path, db_url: str) -> Iterator[Harness]:
    h = Harness(tmp_path, db_url)
    yield h
    h.close()


def test_failed_and_hung_runs_are_recorded_and_the_schedule_goes_on(harness: Harness) -> None:
    harness.set_modes("fail", "hang", "ok")
    daemon = harness.start(every=1)
    wait_for(lambda: len(harness.finished_runs()) >= 3, 40, "three finished runs")
    code, log, took = harness.stop(daemon)
    assert code == 0, log
    runs = harness.runs()
    assert [r.status for r in runs[:3]] == ["failed", "timeout", "ok"]
    failed, timed_out, ok = runs[:3]
    # the failing crawl recorded nothing: the daemon wrote its row, with the
    # end of its output and without the password in it
    assert failed.trigger == "schedule" and failed.errors == {"crawl_exit_3": 1}
    assert "exited with code 3" in failed.message and "OperationalError" in failed.message
    assert "hunter2" not in failed.message and "newsmon:***@db.internal" in failed.message
    assert "hunter2" not in log
    # the hung crawl recorded its start; the daemon finished that same row
    assert timed_out.errors == {"crawl_timeout": 1} and "run_timeout" in timed_out.message
    assert f"run_timeout ({HANG_TIMEOUT}s)" in timed_out.message
    # its whole process group went, grandchild included
    grandchildren = [int(x) for x in harness.grandchildren.read_text().split()]
    assert grandchildren and not any(alive(pid) for pid in grandchildren)
    assert not any(alive(pid) for pid in harness.call_pids())
    # the crawl that recorded its own run got no second row from the daemon
    assert ok.pages_fetched == 1 and ok.message is None
    assert len(runs) == len(harness.call_pids())
    assert [r.pid for r in runs] == harness.call_pids()


def test_sigterm_stops_a_stubborn_crawl_and_exits_0_quickly(harness: Harness) -> None:
    harness.write_config(harness.tmp_path / "state", run_timeout=300, misfire_grace_time=600)
    harness.set_modes("stubborn")
    daemon = harness.start(every=0.5)
    wait_for(lambda: harness.grandchildren.exists() and harness.grandchildren.read_text().strip() != "", 30, "a hung crawl")
    code, log, took = harness.stop(daemon)
    assert code == 0, log
    assert took < 8, f"took {took:.1f}s to stop"
    runs = harness.runs()
    assert [r.status for r in runs] == ["interrupted"]
    assert runs[0].message == "the scheduler was stopped during the crawl"
    # the crawl ignored SIGTERM; the SIGKILL after the grace period got it and its child
    pids = harness.call_pids() + [int(x) for x in harness.grandchildren.read_text().split()]
    assert not any(alive(pid) for pid in pids)
    assert "received SIGTERM" in log


def test_a_second_daemon_on_the_same_database_exits_75(harness_any_db: Harness) -> None:
    h = harness_any_db
    h.set_modes("ok")
    first = h.start(every=3600)
    h.wait_ready(first)
    second = h.start(every=3600)
    _, err = second.communicate(timeout=60)
    assert second.returncode == EXIT_ALREADY_RUNNING, err
    assert f"another newsmon scheduler is running (pid {first.pid}, since " in err
    # the same through the `newsmon schedule` command
    done = run_newsmon("schedule", "--every", "3600", config=h.config_path, timeout=60)
    assert done.returncode == EXIT_ALREADY_RUNNING, done.stderr
    assert f"another newsmon scheduler is running (pid {first.pid}, since " in done.stderr
    if h.db_url.startswith("postgresql"):
        # another machine: its own state_dir, the same database
        other = h.write_config(h.tmp_path / "host-b", run_timeout=60, misfire_grace_time=600, path=h.tmp_path / "b.toml")
        third = h.start(every=3600, config=other)
        _, err = third.communicate(timeout=60)
        assert third.returncode == EXIT_ALREADY_RUNNING, err
        assert f"another newsmon scheduler is running (pid {first.pid} on " in err
    assert first.poll() is None
    code, log, _ = h.stop(first)
    assert code == 0, log


def _seed_state(db_url: str, next_run_at: datetime) -> None:
    """The schedule state as a daemon stopped long ago leaves it."""
    db = Database(db_url)
    try:
        with db.session() as s:
            save_schedule(s, next_run_at=next_run_at)
    finally:
        db.dispose()


def _saved_next_run(db_url: str) -> Optional[datetime]:
    db = Database(db_url)
    try:
        with db.session() as s:
            saved = load_schedule(s)
            return saved.next_run_at if saved is not None else None
    finally:
        db.dispose()


def test_after_downtime_exactly_one_catch_up_run(tmp_path: Path, sqlite_url: str) -> None:
    # A grace time that would let every missed slot run if they were not coalesced.
    h = Harness(tmp_path, sqlite_url, misfire_grace_time=100_000)
    try:
        Database(sqlite_url).dispose()  # schema first, as a daemon would have made it
        _seed_state(sqlite_url, datetime.now(timezone.utc) - timedelta(hours=5, minutes=1))
        h.set_modes("ok")
        daemon = h.start(every=3600)
        wait_for(lambda: len(h.finished_runs()) >= 1, 30, "the catch-up run")
        # the next run is the regular one, an interval away; no missed slot is left due
        wait_for(lambda: (_saved_next_run(sqlite_url) or datetime.min.replace(tzinfo=timezone.utc))
                 > datetime.now(timezone.utc) + timedelta(minutes=55), 30, "the next slot to be saved")
        code, log, _ = h.stop(daemon)
        assert code == 0, log
        assert [r.status for r in h.runs()] == ["ok"]
        assert len(h.call_pids()) == 1
    finally:
        h.close()


def test_catch_up_only_when_a_slot_was_missed(tmp_path: Path, sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    config = parse_config({"database_url": sqlite_url, "state_dir": str(tmp_path / "s")}, base=tmp_path)
    daemon = CrawlDaemon(config, every=3600, command=["true"], install_signal_handlers=False)
    daemon.db = Database(sqlite_url)
    try:
        assert daemon._catch_up_time() is None  # no state saved yet
        _seed_state(sqlite_url, datetime.now(timezone.utc) + timedelta(minutes=10))
        assert daemon._catch_up_time() is None  # not missed
        missed = datetime(2024, 11, 14, 0, 30, tzinfo=timezone.utc)
        _seed_state(sqlite_url, missed)
        with caplog.at_level(logging.INFO, logger="newsmon.schedule.daemon"):
            catch_up = daemon._catch_up_time()
        assert catch_up is not None and abs((catch_up - datetime.now(timezone.utc)).total_seconds()) < 5
        # People read the log in the watch's time zone, labelled (config default: Asia/Seoul).
        assert "was due at 2024-11-14 09:30 KST" in caplog.text, caplog.text
    finally:
        daemon.db.dispose()


def test_crontab_weekdays_count_from_sunday() -> None:
    tz = ZoneInfo("Asia/Seoul")
    sunday = datetime(2024, 9, 29, 12, 0, tzinfo=tz)  # a Sunday

    def weekdays(expr: str, n: int = 7) -> list[str]:
        trigger = crontab_trigger(expr, tz)
        out, t = [], None
        now = sunday
        for _ in range(n):
            t = trigger.get_next_fire_time(t, now)
            out.append(t.strftime("%a"))
            now = t + timedelta(seconds=1)
        return out

    assert weekdays("0 9 * * 1-5", 5) == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert weekdays("0 9 * * 0", 2) == ["Sun", "Sun"]
    assert weekdays("0 9 * * 7", 1) == ["Sun"]
    assert weekdays("0 9 * * 5-7", 3) == ["Fri", "Sat", "Sun"]
    assert weekdays("0 9 * * */2", 4) == ["Tue", "Thu", "Sat", "Sun"]
    assert weekdays("0 9 * * sat,sun", 2) == ["Sat", "Sun"]
    first = crontab_trigger("*/30 * * * *", tz).get_next_fire_time(None, sunday + timedelta(minutes=1))
    assert first == sunday + timedelta(minutes=30)


def test_bad_schedules_are_config_errors(tmp_path: Path) -> None:
    config = parse_config({"schedule": {"cron": "61 * * * *"}}, base=tmp_path)
    with pytest.raises(ConfigError, match="schedule.cron"):
        make_trigger(config)
    with pytest.raises(ConfigError, match="--every"):
        make_trigger(parse_config({}, base=tmp_path), every=0)


def test_the_crawl_command_is_the_newsmon_cli(tmp_path: Path) -> None:
    assert crawl_command(None) == [sys.executable, "-m", "newsmon", "crawl", "--quiet", "--trigger", "schedule"]
    assert crawl_command("/etc/newsmon.toml")[3:5] == ["--config", "/etc/newsmon.toml"]


@pytest.mark.parametrize(
    ("returncode", "timed_out", "interrupted", "status"),
    [
        (0, False, False, "ok"),
        (3, False, False, "failed"),
        (-9, False, False, "failed"),
        (75, False, False, "skipped"),
        (-9, True, False, "timeout"),
        (-15, False, True, "interrupted"),
        (0, False, True, "ok"),
    ],
)
def test_child_outcome_status(returncode: int, timed_out: bool, interrupted: bool, status: str) -> None:
    outcome = ChildOutcome(
        pid=1, started_at=datetime.now(timezone.utc), returncode=returncode, timed_out=timed_out,
        interrupted=interrupted, output_tail="",
    )
    assert outcome.status() == status
    assert outcome.describe(30)


def test_schedule_command_refuses_a_bad_cron_with_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "newsmon.toml"
    config.write_text(f'database_url = "sqlite:///{tmp_path}/n.db"\n[schedule]\ncron = "* * * * 9"\n')
    done = run_newsmon("schedule", config=config, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "schedule.cron is not a valid cron expression" in done.stderr
