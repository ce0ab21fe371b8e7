"""pending_assignments: articles stored by frontier workers, waiting for their development

A run on several workers stores articles concurrently (one transaction each,
with their exact-copy link), and the coordinator alone then assigns each its
near-duplicate original and development, oldest first, so developments do
not depend on which worker stored what first. The row holds the event terms
the worker's analysis read, and is deleted in the transaction that assigns
the article; a row left by a crashed run is assigned by the next one.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_assignments",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="SET NULL"), nullable=True),
        sa.Column("event_terms", sa.JSON(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_assignments")
