"""ticket_tags: free tags on tickets

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "ticket_tags",
        sa.Column("ticket_id", Id, nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_tags_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("ticket_id", "tag", name=op.f("pk_ticket_tags")),
    )
    op.create_index("ix_ticket_tags_tag", "ticket_tags", ["tag"])


def downgrade() -> None:
    op.drop_index("ix_ticket_tags_tag", table_name="ticket_tags")
    op.drop_table("ticket_tags")
