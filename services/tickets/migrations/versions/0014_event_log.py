"""event_log: every ticket event kept for replay; outbox.key; an index for inbox retention

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.migrations import add_outbox_key_and_inbox_age, drop_outbox_key_and_inbox_age

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_key_and_inbox_age()
    op.create_table(
        "event_log",
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("sequence", sa.BigInteger(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("position"),
        sa.UniqueConstraint("event_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_event_log_key", "event_log", ["key", "position"], unique=False)
    # Nothing was ever pruned from the outbox before this revision: it holds the whole history.
    # created_at (the commit) stands in for occurred_at: same transaction, same format on SQLite.
    key, sequence = (
        ("json_extract(payload, '$.key')", "json_extract(payload, '$.sequence')")
        if op.get_bind().dialect.name == "sqlite"
        else ("payload::json->>'key'", "(payload::json->>'sequence')::bigint")
    )
    op.execute(
        'INSERT INTO event_log (event_id, type, "key", sequence, occurred_at, payload) '
        f"SELECT event_id, routing_key, {key}, {sequence}, created_at, payload FROM outbox ORDER BY seq"
    )


def downgrade() -> None:
    op.drop_index("ix_event_log_key", table_name="event_log")
    op.drop_table("event_log")
    drop_outbox_key_and_inbox_age()
