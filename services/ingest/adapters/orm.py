"""Ingest's tables: the raw messages it owns, its accounts and filters, the system addresses it
learnt from tickets, plus its outbox and inbox."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    false,
)

from shared.messaging_tables import add_messaging_tables
from shared.utc import UtcDateTime

metadata = MetaData()

raw_messages = Table(
    "raw_messages",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("source", String(20), nullable=False, doc="How it came in: smtp, pipe, mbox."),
    Column("envelope_from", Text, doc="MAIL FROM; '' is the null sender, NULL when unknown (imports)."),
    Column("envelope_to", JSON, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, default=0, doc="Parse attempts started (a crash counts)."),
    Column("lease_until", UtcDateTime(), doc="A parse worker holds the row until then."),
    Column("message_id", Text),
    Column("dedup_key", String(64), unique=True, doc="Set on the first copy only; a second copy is a duplicate."),
    Column("duplicate_of", Uuid),
    Column("parse_problems", JSON, nullable=False),
    Column("parsed_at", UtcDateTime()),
    Column("event_id", Uuid, doc="The ingest.message.received event that announced it."),
    Column("account_id", Integer, doc="The mail account it was fetched from (IMAP/POP3); NULL otherwise."),
    Column("trusted", Boolean, nullable=False, server_default=false(), doc="X-Umlauf-* headers honoured."),
    Column("queue", String(200), doc="The queue its account maps to, when it does."),
    Column("decisions", JSON, doc="Why it was routed or ignored, as announced (Decision list)."),
    Column("import_state", String(200), doc="umlauf import --state: the state its ticket is to be in."),
)
Index("ix_raw_messages_status", raw_messages.c.status, raw_messages.c.received_at)
Index("ix_raw_messages_message_id", raw_messages.c.message_id)
Index("ix_raw_messages_sha256", raw_messages.c.sha256)

mail_accounts = Table(
    "mail_accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("protocol", String(10), nullable=False),
    Column("host", String(255), nullable=False),
    Column("port", Integer, nullable=False),
    Column("security", String(10), nullable=False),
    Column("verify_tls", Boolean, nullable=False),
    Column("username", String(255), nullable=False),
    Column("password_encrypted", Text, nullable=False, doc="Fernet token; the API never returns it."),
    Column("folder", String(255), nullable=False),
    Column("after_fetch", String(20), nullable=False),
    Column("queue", String(200)),
    Column("trusted", Boolean, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("poll_interval", Integer, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False, doc="A running poller restarts when it changes."),
    Column("last_success_at", UtcDateTime()),
    Column("last_error", Text),
    Column("last_error_at", UtcDateTime()),
    Column("failures", Integer, nullable=False, doc="Failed polls in a row; drives the back-off."),
    Column("next_attempt_at", UtcDateTime()),
    Column("lease_owner", String(64), doc="The poller (one per process) that polls the account now."),
    Column("lease_until", UtcDateTime(), doc="Another poller may take the account over after this."),
)

postmaster_filters = Table(
    "postmaster_filters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("position", Integer, nullable=False, doc="Filters run in ascending position."),
    Column("enabled", Boolean, nullable=False),
    Column("matches", JSON, nullable=False, doc="All must match: [{field, pattern, negate}]."),
    Column("actions", JSON, nullable=False, doc="What a match sets (FilterActions)."),
    Column("stop", Boolean, nullable=False, doc="No later filter runs after this one matched."),
)

system_addresses = Table(
    "system_addresses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False, doc="Always 1: the one latest snapshot."),
    Column("addresses", JSON, nullable=False, doc="Tickets' valid system addresses, lower case."),
    Column("as_of", UtcDateTime(), doc="When tickets read the list; NULL until the first snapshot arrives."),
    Column("received_at", UtcDateTime()),
)

outbox, inbox = add_messaging_tables(metadata)
