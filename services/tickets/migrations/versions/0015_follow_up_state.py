"""queues.follow_up_state: the state a customer's follow-up sets (OTRS's PostMaster::FollowUpState)

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("queues") as batch:
        batch.add_column(sa.Column("follow_up_state", sa.String(length=100), nullable=False, server_default="open"))


def downgrade() -> None:
    with op.batch_alter_table("queues") as batch:
        batch.drop_column("follow_up_state")
