"""Engines, sessions and schema migrations.

One engine and one ``sessionmaker`` per database URL; callers own their
sessions and pass them in. The schema is created and upgraded by the Alembic
migrations in ``newsmon/store/migrations`` on first use, for users and tests alike.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
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


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    # WAL lets readers (queries, `newsmon status`) run beside a crawl's writes;
    # the busy timeout makes concurrent writers wait instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise DatabaseError(f"invalid database_url: {safe_url(url)}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        raise DatabaseError(
            f"cannot prepare database {safe_url(engine.url.render_as_string(hide_password=False))}: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        ) from exc


class Database:
    """An engine, its session factory, and the migrated schema behind them."""

    def __init__(self, url: str, *, auto_migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if auto_migrate:
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
