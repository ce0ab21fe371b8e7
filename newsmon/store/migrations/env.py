"""Alembic environment: runs on the connection newsmon.store.database.migrate hands in."""

from __future__ import annotations

from alembic import context

from newsmon.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
context.run_migrations()
