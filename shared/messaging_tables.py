"""The outbox and inbox tables, added to each service's own metadata."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

BigId = BigInteger().with_variant(Integer, "sqlite")


def add_messaging_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Create ``outbox`` and ``inbox`` on the given metadata and return them."""
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", BigId, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("routing_key", String(200), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", DateTime(timezone=True)),
        Column("last_error", Text),
        Column("dead_at", DateTime(timezone=True)),
        sqlite_autoincrement=True,
    )
    Index("ix_outbox_pending", outbox.c.published_at, outbox.c.dead_at, outbox.c.seq)
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )
    return outbox, inbox
