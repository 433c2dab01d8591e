"""tickets.merged_into_id: where a merged ticket's follow-ups go

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")))
        batch.create_foreign_key(op.f("fk_tickets_merged_into_id_tickets"), "tickets", ["merged_into_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint(op.f("fk_tickets_merged_into_id_tickets"), type_="foreignkey")
        batch.drop_column("merged_into_id")
