"""auto_responses: a queue's auto-responses by kind (new, follow-up, reject, new after closed)

The single ``queues.auto_response`` text (new tickets only) becomes the queue's
``new`` auto-response, answering under the inbound subject as before.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "queue_auto_responses",
        sa.Column("queue_id", Id, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_queue_auto_responses_queue_id_queues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("queue_id", "kind", name=op.f("pk_queue_auto_responses")),
    )
    op.execute(
        "INSERT INTO queue_auto_responses (queue_id, kind, subject, body) "
        "SELECT id, 'new', '', auto_response FROM queues WHERE auto_response IS NOT NULL AND auto_response <> ''"
    )
    with op.batch_alter_table("queues", schema=None) as batch_op:
        batch_op.drop_column("auto_response")


def downgrade() -> None:
    with op.batch_alter_table("queues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auto_response", sa.Text(), nullable=True))
    op.execute(
        "UPDATE queues SET auto_response = (SELECT body FROM queue_auto_responses r "
        "WHERE r.queue_id = queues.id AND r.kind = 'new')"
    )
    op.drop_table("queue_auto_responses")
