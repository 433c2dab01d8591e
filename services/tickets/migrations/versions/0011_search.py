"""search: trigram indexes, closed/first-response times, queue escalation targets

Revision ID: 0011
Revises: 0010

``closed_at`` is backfilled from the history (the latest ``StateUpdate`` of a ticket
that is closed now, else its creation), ``first_response_at`` from the first article an
agent wrote that the customer sees. On PostgreSQL ``pg_trgm`` (a trusted extension, so
the database owner may create it) backs substring search over numbers and addresses.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Time = sa.DateTime(timezone=True)
_TRIGRAM = (
    ("ix_tickets_number_trgm", "tickets", "number"),
    ("ix_tickets_customer_email_trgm", "tickets", "customer_email"),
    ("ix_articles_from_address_trgm", "articles", "from_address"),
)


def upgrade() -> None:
    for column in ("first_response_minutes", "solution_minutes"):
        op.add_column("queues", sa.Column(column, sa.Integer(), nullable=False, server_default="0"))
    op.add_column("tickets", sa.Column("closed_at", Time, nullable=True))
    op.add_column("tickets", sa.Column("first_response_at", Time, nullable=True))
    op.execute(
        "UPDATE tickets SET closed_at = coalesce((SELECT max(h.created_at) FROM history h "
        "WHERE h.ticket_id = tickets.id AND h.type = 'StateUpdate'), tickets.created_at) "
        "WHERE state_id IN (SELECT id FROM ticket_states WHERE type IN ('closed', 'merged', 'removed'))"
    )
    op.execute(
        "UPDATE tickets SET first_response_at = (SELECT min(a.created_at) FROM articles a "
        "WHERE a.ticket_id = tickets.id AND a.sender_type = 'agent' AND a.visible_for_customer = true)"
    )
    op.create_index("ix_tickets_closed", "tickets", [sa.text("closed_at DESC")])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in _TRIGRAM:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, _table, _column in _TRIGRAM:
            op.execute(f"DROP INDEX {name}")
    op.drop_index("ix_tickets_closed", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("first_response_at")
        batch.drop_column("closed_at")
    with op.batch_alter_table("queues") as batch:
        batch.drop_column("solution_minutes")
        batch.drop_column("first_response_minutes")
