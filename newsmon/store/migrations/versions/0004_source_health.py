"""sources' health: last success, last error (kind and when), consecutive failures, staleness

Every crawl records, for every source it asked, whether the source answered.
``newsmon sources``, the digest's "Sources needing attention" and the report
read these columns; ``stale_days`` is the per-source setting from the config
(NULL: the default), and ``attention_reported_at`` remembers that a digest
already said "this source needs attention", so it is said once per episode.
Deliveries keep the attention list they carried (``attention``), so a retried
digest is the same e-mail.

Revision ID: 0004
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

import newsmon.store.models

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_success_at", newsmon.store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_error_kind", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("last_error_at", newsmon.store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("consecutive_failures", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(sa.Column("stale_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("attention_reported_at", newsmon.store.models.UTCDateTime(), nullable=True))
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attention", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("attention")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        for column in (
            "attention_reported_at",
            "stale_days",
            "consecutive_failures",
            "last_error_at",
            "last_error_kind",
            "last_success_at",
        ):
            batch_op.drop_column(column)
