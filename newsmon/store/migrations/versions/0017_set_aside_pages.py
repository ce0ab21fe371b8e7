"""set_aside_pages: pages that broke the analysis worker, skipped by later runs unless changed

Revision ID: 0017_set_aside
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

import newsmon.store.models

revision = "0017_set_aside"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "set_aside_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("source_lastmod", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("set_aside_at", newsmon.store.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    with op.batch_alter_table("set_aside_pages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_set_aside_pages_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("set_aside_pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_set_aside_pages_run_id"))
    op.drop_table("set_aside_pages")
