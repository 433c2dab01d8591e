"""The outbox and inbox tables, added to each service's own metadata, and the event log
a service keeps when others need its full history (tickets: the replay source for rebuilding stats).

The outbox is a queue, not a history: published rows are pruned after
``outbox_retention_days`` (:mod:`shared.retention`). What must be kept goes to the
event log, written in the same transaction by the unit of work and never pruned.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

from shared.utc import UtcDateTime

BigId = BigInteger().with_variant(Integer, "sqlite")


def add_messaging_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Create ``outbox`` and ``inbox`` on the given metadata and return them."""
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", BigId, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("routing_key", String(200), nullable=False),
        Column("key", String(200), doc="Envelope.key: rows of one key are published in order."),
        Column("payload", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("published_at", UtcDateTime()),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", UtcDateTime()),
        Column("last_error", Text),
        Column("dead_at", UtcDateTime()),
        sqlite_autoincrement=True,
    )
    Index("ix_outbox_pending", outbox.c.published_at, outbox.c.dead_at, outbox.c.seq)
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", UtcDateTime(), nullable=False),
    )
    Index("ix_inbox_processed_at", inbox.c.processed_at)
    return outbox, inbox


def add_event_log_table(metadata: MetaData) -> Table:
    """``event_log``: every event the service emitted, in commit order, kept for replay.

    ``position`` orders the whole log; ``key`` and ``sequence`` (the envelope's, e.g. a
    ticket id and its version) give one aggregate's history in order.
    """
    event_log = Table(
        "event_log",
        metadata,
        Column("position", BigId, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("type", String(200), nullable=False),
        Column("key", String(200)),
        Column("sequence", BigInteger),
        Column("occurred_at", UtcDateTime(), nullable=False),
        Column("payload", Text, nullable=False),
        sqlite_autoincrement=True,
    )
    Index("ix_event_log_key", event_log.c.key, event_log.c.position)
    return event_log
