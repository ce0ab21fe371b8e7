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

The PostgreSQL lock lives as long as its connection, so the connection has
TCP keepalives (a vanished server or network is noticed within about a
minute), and `PgLock.check` asks the server whether this very connection
still holds the lock; a crawl calls it while it runs (see
``newsmon.schedule.lockwatch``) and stops when the lock is lost. Advisory
locks need a session: a transaction-pooling proxy (PgBouncer in transaction
mode) hands each statement another server session, so the lock is not held
through one; point newsmon at PostgreSQL directly or through session pooling.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import threading
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from newsmon import exitcodes
from newsmon.config import Config

# `newsmon crawl` and `newsmon schedule` exit with this when another holder has the lock.
EXIT_ALREADY_RUNNING = exitcodes.ALREADY_RUNNING

CRAWL = "crawl"
SCHEDULER = "scheduler"

#: libpq keepalive settings for the lock's connection: probe after 30 s idle,
#: every 10 s, give up after 3 unanswered probes.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}

_CHECK = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
    "AND granted AND objsubid = 1 AND classid = :hi AND objid = :lo"
)


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
            "AND l.classid = :hi AND l.objid = :lo "
            # advisory locks are per database: not a holder on another database of the server
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1"
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


class PgLock:
    """A held PostgreSQL advisory lock and the one connection it lives on."""

    def __init__(self, conn: Connection, key: int) -> None:
        self.conn = conn
        self.key = key
        self.lost: Optional[str] = None  # why it is gone, once it is
        self._mutex = threading.Lock()  # one statement at a time on the connection

    def check(self) -> bool:
        """Is the lock still held by this connection? Once lost, always lost."""
        with self._mutex:
            if self.lost is None:
                try:
                    held = self.conn.execute(_CHECK, {"hi": (self.key >> 32) & 0xFFFFFFFF, "lo": self.key & 0xFFFFFFFF}).scalar()
                except Exception as exc:  # noqa: BLE001 - any failure of the connection ends the lock
                    self.lost = f"its database connection failed ({type(exc).__name__})"
                else:
                    if not held:
                        self.lost = "the server no longer has it for this connection"
            return self.lost is None

    def release(self) -> None:
        with self._mutex:
            try:
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            except Exception:  # noqa: BLE001 - closing the connection releases it anyway
                pass


#: The PostgreSQL locks this process holds, by what they guard (for `held_pg_lock`).
_HELD: dict[str, PgLock] = {}


def held_pg_lock(what: str = CRAWL) -> Optional[PgLock]:
    """The PostgreSQL ``what`` lock this process holds now, if any (SQLite: none needed)."""
    return _HELD.get(what)


@contextmanager
def _pg_lock(database_url: str, what: str, since: str) -> Iterator[PgLock]:
    host = socket.gethostname().split(".")[0][:20] or "unknown"
    app_name = f"newsmon-{what} {os.getpid()} {since} {host}"[:63]
    engine = create_engine(
        database_url, poolclass=NullPool, connect_args={"application_name": app_name, **KEEPALIVES}
    )
    key = advisory_key(what)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            if not got:
                pid, holder_since, holder_host = _pg_holder(conn, key)
                raise AlreadyRunning(what, pid, holder_since, holder_host)
            lock = PgLock(conn, key)
            _HELD[what] = lock
            try:
                yield lock
            finally:
                _HELD.pop(what, None)
                lock.release()
    finally:
        engine.dispose()


@contextmanager
def hold_lock(config: Config, what: str) -> Iterator[Optional[PgLock]]:
    """Hold the ``what`` lock for this config's database, or raise AlreadyRunning at once.

    Yields the PostgreSQL part (to `PgLock.check` while working), None on SQLite."""
    since = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with _file_lock(lock_path(config, what), what, since):
        if make_url(config.database_url).get_backend_name() == "postgresql":
            with _pg_lock(config.database_url, what, since) as lock:
                yield lock
        else:
            yield None


def crawl_lock(config: Config) -> AbstractContextManager[Optional[PgLock]]:
    """The crawl lock: one crawl at a time per database (raises AlreadyRunning)."""
    return hold_lock(config, CRAWL)


def scheduler_lock(config: Config) -> AbstractContextManager[Optional[PgLock]]:
    """The daemon lock: one ``newsmon schedule`` per database (raises AlreadyRunning)."""
    return hold_lock(config, SCHEDULER)
