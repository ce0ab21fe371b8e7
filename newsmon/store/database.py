"""Engines, sessions and schema migrations.

One engine and one ``sessionmaker`` per database URL; callers own their
sessions and pass them in. The schema is created and upgraded by the Alembic
migrations in ``newsmon/store/migrations`` on first use, for users and tests alike.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, quote, urlsplit

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# An arbitrary constant: the PostgreSQL advisory lock serialising migrations
# when several processes start on one database at once.
_MIGRATION_LOCK_KEY = 0x6E65_7773


class DatabaseError(Exception):
    """The database cannot be reached or prepared (message is safe to print)."""


def safe_url(url: str) -> str:
    """The URL with every password form masked (``user:***@``, ``?password=***``), for output."""
    from newsmon.redact import mask

    try:
        return mask(make_url(url).render_as_string(hide_password=True))
    except Exception:  # noqa: BLE001 - a malformed URL must not leak either
        return "<invalid database URL>"


#: Seconds a SQLite writer waits for another's lock before it fails (the busy timeout).
DEFAULT_SQLITE_TIMEOUT = 30.0


def sqlite_busy_timeout(url: str) -> float:
    """The busy timeout a SQLite URL asks for with ``?timeout=SECONDS`` (SQLAlchemy's and
    sqlite3's own name for it), else 30 s; ValueError unless a number of seconds >= 0."""
    values = parse_qs(urlsplit(url).query).get("timeout")
    if not values:
        return DEFAULT_SQLITE_TIMEOUT
    value = float(values[-1])
    if not 0 <= value < float("inf"):
        raise ValueError(f"not a number of seconds >= 0: {values[-1]!r}")
    return value


def sqlite_timeout(url: str) -> float:
    """:func:`sqlite_busy_timeout`, a bad value said as a DatabaseError."""
    try:
        return sqlite_busy_timeout(url)
    except ValueError:
        raise DatabaseError("database_url: timeout must be a number of seconds >= 0") from None


def _sqlite_pragmas(timeout: float):  # type: ignore[no-untyped-def]
    def on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        # WAL lets readers (queries, `newsmon status`) run beside a crawl's writes;
        # the busy timeout makes concurrent writers wait instead of failing.
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return on_connect


def _sqlite_read_pragmas(timeout: float):  # type: ignore[no-untyped-def]
    def on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cur.execute("PRAGMA query_only=ON")
        cur.close()

    return on_connect


def _sqlite_read_only(path: Path, timeout: float) -> Engine:
    """A read-only engine on an existing SQLite file (``mode=ro``: nothing can be created or written)."""
    if not path.is_file():
        raise DatabaseError(f"no database at {path} (run `newsmon crawl` first to create it)")
    uri = f"file:{quote(str(path))}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect)
    event.listen(engine, "connect", _sqlite_read_pragmas(timeout))
    return engine


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys.

    ``read_only``: a SQLite file must exist and is opened read-only (never
    created); a server database is only read (the caller checks the schema).
    """
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise DatabaseError("database_url is not a valid database URL") from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            timeout = sqlite_timeout(url)
            path = Path(parsed.database).expanduser().resolve() if parsed.database and parsed.database != ":memory:" else None
            if read_only and path is not None:
                return _sqlite_read_only(path, timeout)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": timeout})
            event.listen(engine, "connect", _sqlite_pragmas(timeout))
            return engine
        return create_engine(url, pool_pre_ping=True)
    except DatabaseError:
        raise
    except (ImportError, NoSuchModuleError) as exc:
        raise DatabaseError(
            f"cannot use database {safe_url(url)}: its driver is not installed ({parsed.drivername}: {exc})"
        ) from exc
    except Exception as exc:
        raise DatabaseError(f"cannot use database {safe_url(url)}: {type(exc).__name__}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def _script_revisions() -> tuple[str, set[str]]:
    """(head revision, every revision) of the migrations shipped with this newsmon."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    return script.get_current_head() or "", {r.revision for r in script.walk_revisions()}


def check_schema(engine: Engine) -> None:
    """Read-only use: the schema must be there and not older than this newsmon (nothing is migrated)."""
    where = safe_url(engine.url.render_as_string(hide_password=False)) if engine.url.database else "the database"
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                raise DatabaseError(f"{where} is not a newsmon database yet (run `newsmon crawl` first to create it)")
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(f"cannot open database {where}: {type(exc).__name__}: {_first_line(exc)}") from exc
    head, known = _script_revisions()
    if current != head and current in known:
        raise DatabaseError(
            f"the database schema is older than this newsmon ({current}, needs {head}): "
            "run `newsmon crawl` once to upgrade it"
        )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                # Python's sqlite3 commits before every CREATE/ALTER on its own, so a crawl
                # killed mid-migration left half the tables and no version: every later
                # open failed. Here newsmon owns the transaction: a migration is whole or absent.
                conn.connection.driver_connection.isolation_level = None
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
            finally:
                if sqlite:
                    conn.connection.driver_connection.isolation_level = ""  # sqlite3's default again
    except Exception as exc:
        raise DatabaseError(
            f"cannot prepare database {safe_url(engine.url.render_as_string(hide_password=False))}: "
            f"{type(exc).__name__}: {_first_line(exc)}"
        ) from exc


class Database:
    """An engine, its session factory, and the migrated schema behind them."""

    def __init__(self, url: str, *, auto_migrate: bool = True, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self.engine = make_engine(url, read_only=read_only)
        if read_only:
            check_schema(self.engine)
        elif auto_migrate:
            migrate(self.engine)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        with self.sessionmaker() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
