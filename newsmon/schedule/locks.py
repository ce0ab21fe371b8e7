"""Locks that keep two crawls (or two scheduler daemons) off one database.

Cron, a systemd timer, a person at a terminal and the ``newsmon schedule``
daemon may all start a crawl; overlapping crawls would double the load on the
sites and race on the same rows. A lock here must never go stale: after a
``kill -9`` or a power cut the next run must start without anyone deleting a
file. So the lock is ``fcntl.flock`` on a file in ``config.state_dir`` (the
kernel drops it when the holder's process dies), keyed by the database, and on
PostgreSQL also a session-level ``pg_advisory_lock`` on a dedicated connection
(the server drops it when that connection goes), which covers two machines
sharing one database. The lock file only carries the holder's pid and start
time, for the message the loser prints.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from newsmon.config import Config

# `newsmon crawl` and `newsmon schedule` exit with this when another holder has
# the lock: EX_TEMPFAIL from sysexits.h, "try again later".
EXIT_ALREADY_RUNNING = 75

CRAWL = "crawl"
SCHEDULER = "scheduler"


class AlreadyRunning(Exception):
    """Another process holds the lock; the message names it (safe to print)."""

    def __init__(self, what: str, pid: Optional[int], since: Optional[str], where: Optional[str] = None) -> None:
        self.what = what
        self.pid = pid
        self.since = since
        holder = f"pid {pid}" if pid is not None else "pid unknown"
        if where:
            holder += f" on {where}"
        super().__init__(f"another newsmon {what} is running ({holder}, since {since or 'unknown'})")


def database_key(database_url: str) -> str:
    """A short stable name for the database a URL points at (no password in it).

    SQLite files are keyed by their absolute path, so two spellings of one
    file share a lock; server databases by URL without the password.
    """
    try:
        url = make_url(database_url)
    except Exception:  # noqa: BLE001 - still key it, but never by the raw text in a file name
        ident = database_url
    else:
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            ident = "sqlite:" + str(Path(url.database).expanduser().resolve())
        else:
            ident = url.render_as_string(hide_password=True)
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]


def lock_path(config: Config, what: str = CRAWL) -> Path:
    """The lock file for ``what`` (crawl | scheduler) on this config's database."""
    return Path(config.state_dir) / f"{what}-{database_key(config.database_url)}.lock"


def advisory_key(what: str) -> int:
    """The signed 64-bit PostgreSQL advisory lock key for ``what``."""
    digest = hashlib.sha256(f"newsmon:{what}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _read_holder(fd: int) -> tuple[Optional[int], Optional[str]]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 512).decode("utf-8", "replace").split()
        pid = int(raw[0]) if raw else None
        since = raw[1] if len(raw) > 1 else None
        return pid, since
    except (OSError, ValueError):
        return None, None


@contextmanager
def _file_lock(path: Path, what: str, since: str) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # os.open descriptors are not inherited by children (PEP 446), so a crawl
    # child started by the daemon never keeps the daemon's lock alive.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid, holder_since = _read_holder(fd)
            raise AlreadyRunning(what, pid, holder_since) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {since}\n".encode(), 0)
        try:
            yield
        finally:
            # Empty the file before letting go, so a reader never names a dead holder.
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _pg_holder(conn: Connection, key: int) -> tuple[Optional[int], Optional[str], Optional[str]]:
    """Who holds advisory lock ``key``: (pid, since, host) from its application_name."""
    row = conn.execute(
        text(
            "SELECT a.application_name, a.backend_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
            "AND l.classid = :hi AND l.objid = :lo LIMIT 1"
        ),
        {"hi": (key >> 32) & 0xFFFFFFFF, "lo": key & 0xFFFFFFFF},
    ).first()
    if row is None:
        return None, None, None
    # application_name is "newsmon-<what> <pid> <since> <host>", set by _pg_lock.
    parts = (row[0] or "").split()
    if len(parts) == 4 and parts[1].isdigit():
        return int(parts[1]), parts[2], parts[3]
    return None, row[1].isoformat() if row[1] else None, None


@contextmanager
def _pg_lock(database_url: str, what: str, since: str) -> Iterator[None]:
    host = socket.gethostname().split(".")[0][:20] or "unknown"
    app_name = f"newsmon-{what} {os.getpid()} {since} {host}"[:63]
    engine = create_engine(
        database_url, poolclass=NullPool, connect_args={"application_name": app_name}
    )
    key = advisory_key(what)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            if not got:
                pid, holder_since, holder_host = _pg_holder(conn, key)
                raise AlreadyRunning(what, pid, holder_since, holder_host)
            try:
                yield
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                except Exception:  # noqa: BLE001 - closing the connection releases it anyway
                    pass
    finally:
        engine.dispose()


@contextmanager
def hold_lock(config: Config, what: str) -> Iterator[None]:
    """Hold the ``what`` lock for this config's database, or raise AlreadyRunning at once."""
    since = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with _file_lock(lock_path(config, what), what, since):
        if make_url(config.database_url).get_backend_name() == "postgresql":
            with _pg_lock(config.database_url, what, since):
                yield
        else:
            yield


def crawl_lock(config: Config) -> AbstractContextManager[None]:
    """The crawl lock: one crawl at a time per database (raises AlreadyRunning)."""
    return hold_lock(config, CRAWL)


def scheduler_lock(config: Config) -> AbstractContextManager[None]:
    """The daemon lock: one ``newsmon schedule`` per database (raises AlreadyRunning)."""
    return hold_lock(config, SCHEDULER)
