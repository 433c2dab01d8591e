"""ticket list: an index per sort order (newest, changed, priority)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tickets_created", "tickets", [sa.text("created_at DESC"), sa.text("id DESC")])
    op.create_index("ix_tickets_changed", "tickets", [sa.text("changed_at DESC"), sa.text("id DESC")])
    op.create_index(
        "ix_tickets_priority", "tickets", [sa.text("priority DESC"), sa.text("created_at DESC"), sa.text("id DESC")]
    )


def downgrade() -> None:
    for name in ("ix_tickets_priority", "ix_tickets_changed", "ix_tickets_created"):
        op.drop_index(name, table_name="tickets")
