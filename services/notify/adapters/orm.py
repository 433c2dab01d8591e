"""Notify's tables: the mail log, the auto-reply rate limit, outbox and inbox."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)

from shared.messaging_tables import add_messaging_tables
from shared.utc import UtcDateTime

metadata = MetaData()

mails = Table(
    "mails",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("purpose", String(30), nullable=False),
    Column("ticket_id", BigInteger),
    Column("article_id", BigInteger),
    Column("queue_id", Integer),
    Column("envelope_from", String(320), nullable=False, comment="'' is the null sender"),
    Column("recipients", JSON, nullable=False, comment="SMTP envelope recipients, Bcc included"),
    Column("to", JSON, nullable=False),
    Column("subject", Text, nullable=False),
    Column("message_id", String(998), nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UtcDateTime()),
    Column("last_error", Text),
    Column("server_reply", Text),
    Column("transport", String(20)),
    Column("raw", LargeBinary, comment="The message as sent; NULL when suppressed or unbuildable"),
    Column("source_event_id", Uuid, nullable=False),
    Column("correlation_id", Uuid, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("sent_at", UtcDateTime()),
)
Index("ix_mails_due", mails.c.status, mails.c.next_attempt_at)
Index("ix_mails_ticket", mails.c.ticket_id)

auto_reply_counts = Table(
    "auto_reply_counts",
    metadata,
    Column("address", String(320), primary_key=True),
    Column("day", Date, primary_key=True, comment="UTC day"),
    Column("sent", Integer, nullable=False),
)

outbox, inbox = add_messaging_tables(metadata)
