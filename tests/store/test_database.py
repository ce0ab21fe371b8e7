"""Opening and migrating a database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def test_a_migration_that_dies_midway_leaves_the_sqlite_file_untouched(tmp_path: Path, monkeypatch: Any) -> None:
    """A crawl killed while it migrates must not leave half a schema (Python's sqlite3
    commits before each CREATE on its own): the next open then fails forever."""
    import alembic.command
    import sqlalchemy as sa

    from newsmon.store.database import Database, DatabaseError

    real_upgrade = alembic.command.upgrade

    def dies_after_the_first(cfg: Any, revision: str) -> None:
        real_upgrade(cfg, "0001")  # the first migration's tables...
        raise RuntimeError("killed")  # ... then the process dies

    path = tmp_path / "newsmon.db"
    monkeypatch.setattr(alembic.command, "upgrade", dies_after_the_first)
    with pytest.raises(DatabaseError):
        Database(f"sqlite:///{path}")
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").all() == []
    engine.dispose()
    monkeypatch.setattr(alembic.command, "upgrade", real_upgrade)
    Database(f"sqlite:///{path}").dispose()  # and the next open migrates it whole
