"""runs.workers: which frontier workers took part in a run and how each ended

A run on several worker processes and hosts (``[frontier] redis_url``) records
one entry per worker: id (host-pid), host, pid, state (done | failed | lost)
and why. NULL for single-process runs.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"  # chained after main's newest (0006 notifications) on rebase
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("workers", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("runs", "workers")
