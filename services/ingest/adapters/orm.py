"""Ingest's tables: the raw messages it owns, plus its outbox and inbox."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, LargeBinary, MetaData, String, Table, Text, Uuid

from shared.messaging_tables import add_messaging_tables

metadata = MetaData()

raw_messages = Table(
    "raw_messages",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("source", String(20), nullable=False, doc="How it came in: smtp, pipe, mbox."),
    Column("envelope_from", Text, doc="MAIL FROM; '' is the null sender, NULL when unknown (imports)."),
    Column("envelope_to", JSON, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=0, doc="Parse attempts started (a crash counts)."),
    Column("lease_until", DateTime(timezone=True), doc="A parse worker holds the row until then."),
    Column("message_id", Text),
    Column("dedup_key", String(64), unique=True, doc="Set on the first copy only; a second copy is a duplicate."),
    Column("duplicate_of", Uuid),
    Column("parse_problems", JSON, nullable=False),
    Column("parsed_at", DateTime(timezone=True)),
    Column("event_id", Uuid, doc="The ingest.message.received event that announced it."),
)
Index("ix_raw_messages_status", raw_messages.c.status, raw_messages.c.received_at)
Index("ix_raw_messages_message_id", raw_messages.c.message_id)
Index("ix_raw_messages_sha256", raw_messages.c.sha256)

outbox, inbox = add_messaging_tables(metadata)
