"""projection, outbox, inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-28 22:24:45.341596
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.migrations import create_messaging_tables, drop_messaging_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "queue_day_counts",
        sa.Column("metric", sa.String(length=50), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", "day", "queue_id"),
    )
    op.create_table(
        "queue_names",
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("queue_id"),
    )


def downgrade() -> None:
    op.drop_table("queue_names")
    op.drop_table("queue_day_counts")
    drop_messaging_tables()
