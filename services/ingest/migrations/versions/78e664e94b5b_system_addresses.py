"""system addresses: the snapshot tickets announces, for refusing unknown recipients at RCPT

Revision ID: 78e664e94b5b
Revises: 8678ae8e2de3
Create Date: 2026-11-29 01:15:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "78e664e94b5b"
down_revision = "8678ae8e2de3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "system_addresses",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("addresses", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # The one row, without a snapshot yet: until tickets' first one arrives every recipient is accepted.
    op.bulk_insert(table, [{"id": 1, "addresses": []}])


def downgrade() -> None:
    op.drop_table("system_addresses")
