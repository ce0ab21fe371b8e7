"""schedule_state: the daemon's last and next run time, replacing APScheduler's pickled job store

The ``apscheduler_jobs`` table held pickled jobs that the daemon unpickled
(code execution for anyone able to write that table). Its next run time (a
plain number column; the pickle is never read) moves into ``schedule_state``
and the old table is dropped.

Revision ID: 0005
Revises: 0017_set_aside
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0017_set_aside"  # chained after main's newest (0004 source health, 0017 set-aside) on rebase
branch_labels = None
depends_on = None

JOB_ID = "newsmon-crawl"


def upgrade() -> None:
    op.create_table(
        "schedule_state",
        sa.Column("job_id", sa.String(length=64), nullable=False),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
        sa.Column("next_run_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("job_id"),
    )
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("apscheduler_jobs"):
        return
    try:
        value = bind.execute(sa.text("SELECT next_run_time FROM apscheduler_jobs WHERE id = :id"), {"id": JOB_ID}).scalar()
        next_run = datetime.fromtimestamp(float(value), tz=timezone.utc).replace(tzinfo=None) if value is not None else None
    except (TypeError, ValueError, OverflowError, OSError, sa.exc.DBAPIError):
        next_run = None  # garbage: the daemon starts the schedule afresh
    if next_run is not None:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        bind.execute(
            sa.text("INSERT INTO schedule_state (job_id, next_run_at, updated_at) VALUES (:id, :next, :now)"),
            {"id": JOB_ID, "next": next_run, "now": now},
        )
    op.drop_table("apscheduler_jobs")


def downgrade() -> None:
    op.drop_table("schedule_state")
