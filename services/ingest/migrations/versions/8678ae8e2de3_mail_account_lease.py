"""mail account lease

Revision ID: 8678ae8e2de3
Revises: b7acbb558171
Create Date: 2026-11-28 22:46:30.635405
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "8678ae8e2de3"
down_revision = "b7acbb558171"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mail_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mail_accounts", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_owner")
