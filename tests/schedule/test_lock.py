"""The crawl lock: one crawl per database, never stale after a kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from newsmon.config import parse_config
from newsmon.schedule.locks import (
    EXIT_ALREADY_RUNNING,
    AlreadyRunning,
    crawl_lock,
    database_key,
    lock_path,
    scheduler_lock,
)

ROOT = Path(__file__).resolve().parents[2]

# Holds the crawl lock until its stdin closes (or it is killed).
HOLDER = """
import sys
from pathlib import Path
from newsmon.config import parse_config
from newsmon.schedule.locks import crawl_lock
cfg = parse_config({"database_url": sys.argv[1], "state_dir": sys.argv[2]}, base=Path.cwd())
with crawl_lock(cfg):
    print("locked", flush=True)
    sys.stdin.read()
print("released", flush=True)
"""

# Tries the crawl lock once: exit 0 if it got it, 75 with the message if not.
TRY = """
import sys
from pathlib import Path
from newsmon.config import parse_config
from newsmon.schedule.locks import AlreadyRunning, crawl_lock
cfg = parse_config({"database_url": sys.argv[1], "state_dir": sys.argv[2]}, base=Path.cwd())
try:
    with crawl_lock(cfg):
        pass
except AlreadyRunning as exc:
    print(exc, file=sys.stderr)
    sys.exit(75)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def start_holder(url: str, state_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, url, str(state_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the lock is held (or the holder died)
    assert line.strip() == "locked", f"holder did not take the lock: {line!r}"
    return proc


def try_lock(url: str, state_dir: Path) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", TRY, url, str(state_dir)], capture_output=True, text=True, env=_env(), timeout=60
    )
    return done.returncode, done.stderr.strip(), time.monotonic() - started


def test_second_holder_is_refused_at_once_with_the_holders_pid(db_url: str, tmp_path: Path) -> None:
    state = tmp_path / "state"
    holder = start_holder(db_url, state)
    try:
        code, message, took = try_lock(db_url, state)
        assert code == EXIT_ALREADY_RUNNING
        assert f"another newsmon crawl is running (pid {holder.pid}, since " in message
        assert took < 10  # it does not wait for the holder (which never lets go by itself)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0
    code, message, _ = try_lock(db_url, state)
    assert code == 0, message


def test_kill_9_leaves_no_stale_lock(db_url: str, tmp_path: Path) -> None:
    state = tmp_path / "state"
    holder = start_holder(db_url, state)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert lock_path(parse_config({"database_url": db_url, "state_dir": str(state)}, base=tmp_path), "crawl").exists()
    # PostgreSQL releases the advisory lock when it notices the dead
    # connection; the file lock is gone the moment the process is.
    results: list[tuple[int, str, float]] = []

    def acquired() -> bool:
        results.append(try_lock(db_url, state))
        return results[-1][0] == 0

    wait_for(acquired, 20, "the lock to be free after kill -9")
    assert results[0][0] == 0 or db_url.startswith("postgresql"), results[0]


@pytest.mark.postgres
def test_postgres_advisory_lock_covers_hosts_with_separate_state_dirs(pg_databases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two machines on one PostgreSQL database share no lock file; the advisory lock still excludes."""
    name, url = pg_databases.create()
    try:
        holder = start_holder(url, tmp_path / "host-a")
        try:
            code, message, _ = try_lock(url, tmp_path / "host-b")
            assert code == EXIT_ALREADY_RUNNING
            # the holder's pid comes from its connection's application_name
            assert f"another newsmon crawl is running (pid {holder.pid} on " in message
        finally:
            assert holder.stdin is not None
            holder.stdin.close()
            holder.wait(timeout=30)
        code, message, _ = try_lock(url, tmp_path / "host-b")
        assert code == 0, message
    finally:
        pg_databases.drop(name)


def test_lock_in_process_is_reentrant_after_release_and_cleans_the_file(tmp_path: Path) -> None:
    cfg = parse_config({"database_url": f"sqlite:///{tmp_path}/a.db", "state_dir": str(tmp_path / "s")}, base=tmp_path)
    with crawl_lock(cfg):
        content = lock_path(cfg).read_text().split()
        assert content[0] == str(os.getpid())
        assert content[1].endswith("Z")
        # a second open file description conflicts even inside one process
        with pytest.raises(AlreadyRunning) as info:
            with crawl_lock(cfg):
                pass
        assert info.value.pid == os.getpid()
        # the scheduler's lock is a different lock
        with scheduler_lock(cfg):
            pass
    assert lock_path(cfg).read_text() == ""
    with crawl_lock(cfg):
        pass


def test_database_key_names_the_database_not_the_spelling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    absolute = f"sqlite:///{tmp_path}/n.db"
    assert database_key("sqlite:///n.db") == database_key(absolute)
    assert database_key(absolute) != database_key(f"sqlite:///{tmp_path}/other.db")
    with_pw = "postgresql+psycopg://u:secret@db.example/news"
    assert database_key(with_pw) == database_key("postgresql+psycopg://u:other@db.example/news")
    assert database_key(with_pw) != database_key("postgresql+psycopg://u:secret@db.example/other")
    cfg = parse_config({"database_url": with_pw, "state_dir": str(tmp_path)}, base=tmp_path)
    assert "secret" not in str(lock_path(cfg))
