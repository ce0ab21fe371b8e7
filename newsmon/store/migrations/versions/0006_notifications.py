"""chat and webhook notifications: targets and their messages

Revision ID: 0006
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

import newsmon.store.models

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None

UNFINISHED = sa.text("status IN ('pending', 'sending')")


def upgrade() -> None:
    op.create_table(
        "notify_targets",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("since_alert_id", sa.Integer(), nullable=False),
        sa.Column("created_at", newsmon.store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=128), nullable=False),
        sa.Column("alert_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", newsmon.store.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", newsmon.store.models.UTCDateTime(), nullable=False),
        sa.Column("sent_at", newsmon.store.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_target"), ["target"], unique=False)
        batch_op.create_index(batch_op.f("ix_notifications_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_notification_unfinished", ["target"], unique=True, sqlite_where=UNFINISHED, postgresql_where=UNFINISHED
        )


def downgrade() -> None:
    op.drop_table("notifications")
    op.drop_table("notify_targets")
