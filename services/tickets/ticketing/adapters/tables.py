"""Ticket handling's tables: tickets, articles, attachments, history, links, watchers, tags."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from services.tickets.tables import Id, Time, metadata

ticket_states = Table(
    "ticket_states",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("type", String(40), nullable=False),
)

ticket_priorities = Table(
    "ticket_priorities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False, unique=True),
)

ticket_types = Table(
    "ticket_types",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
)

ticket_counters = Table(
    "ticket_counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("number", String(40), nullable=False, unique=True),
    Column("title", String(500), nullable=False),
    Column("queue_id", Id, ForeignKey("queues.id"), nullable=False, index=True),
    Column("state_id", Id, ForeignKey("ticket_states.id"), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("type_name", String(100), nullable=False, default="Unclassified"),
    Column("customer_email", String(320)),
    Column("customer_user", String(200)),
    Column("owner_id", Id, ForeignKey("agents.id")),
    Column("responsible_id", Id, ForeignKey("agents.id")),
    Column("locked", Boolean, nullable=False, default=False),
    Column("pending_until", Time),
    Column("created_at", Time, nullable=False),
    Column("changed_at", Time, nullable=False),
    Column("version", Integer, nullable=False),
    Column("merged_into_id", Id, ForeignKey("tickets.id")),
    Column("archived_at", Time),
    Column("closed_at", Time),  # when it entered a closed state type; None while open
    Column("first_response_at", Time),  # the first agent article the customer sees
)

Index("ix_tickets_queue_created", tickets.c.queue_id, tickets.c.created_at.desc())

Index("ix_tickets_created", tickets.c.created_at.desc(), tickets.c.id.desc())

Index("ix_tickets_changed", tickets.c.changed_at.desc(), tickets.c.id.desc())

Index("ix_tickets_priority", tickets.c.priority.desc(), tickets.c.created_at.desc(), tickets.c.id.desc())

Index("ix_tickets_closed", tickets.c.closed_at.desc())

articles = Table(
    "articles",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("ticket_id", Id, ForeignKey("tickets.id"), nullable=False, index=True),
    Column("sender_type", String(20), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("visible_for_customer", Boolean, nullable=False),
    Column("from_address", String(320)),
    Column("to", JSON, nullable=False),
    Column("cc", JSON, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body_text", Text, nullable=False),
    Column("body_html", Text),
    Column("message_id", String(998)),
    Column("in_reply_to", String(998)),
    Column("references", JSON, nullable=False),
    Column("created_at", Time, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("delivery_status", String(20)),
    Column("delivery_detail", Text),
)

message_ids = Table(
    "message_ids",
    metadata,
    Column("message_id", String(998), primary_key=True),
    Column("ticket_id", Id, ForeignKey("tickets.id"), nullable=False),
    Column("article_id", Id, ForeignKey("articles.id")),
    Column("purpose", String(20), nullable=False),  # "inbound", "article", "auto_reply"
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

attachments = Table(
    "attachments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("article_id", Id, ForeignKey("articles.id"), nullable=False, index=True),
    Column("filename", String(500), nullable=False),
    Column("content_type", String(200), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    Column("content_id", String(500)),
    Column("inline", Boolean, nullable=False, default=False),
)

history = Table(
    "history",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("ticket_id", Id, ForeignKey("tickets.id"), nullable=False, index=True),
    Column("type", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("created_at", Time, nullable=False),
    Column("old", Text),
    Column("new", Text),
    Column("note", Text),
)

ticket_links = Table(
    "ticket_links",
    metadata,
    Column("source_id", Id, ForeignKey("tickets.id"), primary_key=True),
    Column("target_id", Id, ForeignKey("tickets.id"), primary_key=True),
    Column("type", String(20), primary_key=True),  # "normal" or "parent_child" (source is the parent)
    Column("created_at", Time, nullable=False),
)

ticket_watchers = Table(
    "ticket_watchers",
    metadata,
    Column("ticket_id", Id, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("agent_id", Id, ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", Time, nullable=False),
)

ticket_tags = Table(
    "ticket_tags",
    metadata,
    Column("ticket_id", Id, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(100), primary_key=True),
    Index("ix_ticket_tags_tag", "tag"),
)
