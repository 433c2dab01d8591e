"""raw_messages.import_state: the state ``umlauf import --state`` asks for

Revision ID: d4e5f6a7b8c9
Revises: c3f1e0a7d2b9
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "d4e5f6a7b8c9"
down_revision = "c3f1e0a7d2b9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("raw_messages") as batch:
        batch.add_column(sa.Column("import_state", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("raw_messages") as batch:
        batch.drop_column("import_state")
