"""auto-replies counted per address and day instead of one per period

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("auto_reply_limits")
    op.create_table(
        "auto_reply_counts",
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("day", sa.Date(), nullable=False, comment="UTC day"),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("address", "day"),
    )


def downgrade() -> None:
    op.drop_table("auto_reply_counts")
    op.create_table(
        "auto_reply_limits",
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("last_reply_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
