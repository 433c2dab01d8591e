"""The tickets service's tables (SQLAlchemy Core), on its own metadata."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from shared.messaging_tables import add_event_log_table, add_messaging_tables
from shared.utc import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Id = BigInteger().with_variant(Integer, "sqlite")


Time = UtcDateTime()

outbox, inbox = add_messaging_tables(metadata)
event_log = add_event_log_table(metadata)

groups = Table(
    "groups",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
)
roles = Table(
    "roles",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
)
agents = Table(
    "agents",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("login", String(200), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("language", String(10), nullable=False, default="de"),
    Column("password_hash", String(200)),
    Column("valid", Boolean, nullable=False, default=True),
    Column("created_at", Time, nullable=False),
    Column("out_of_office_from", Date),
    Column("out_of_office_until", Date),
    Column("out_of_office_note", String(400)),
)
agent_groups = Table(
    "agent_groups",
    metadata,
    Column("agent_id", Id, ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", Id, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("permission", String(20), primary_key=True),
)
agent_roles = Table(
    "agent_roles",
    metadata,
    Column("agent_id", Id, ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", Id, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
)
role_groups = Table(
    "role_groups",
    metadata,
    Column("role_id", Id, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", Id, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("permission", String(20), primary_key=True),
)
auth_tokens = Table(
    "auth_tokens",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("agent_id", Id, ForeignKey("agents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),  # "session" or "api"
    Column("name", String(200)),  # what an API token is for; sessions have none
    Column("created_at", Time, nullable=False),
    Column("last_used_at", Time, nullable=False),
    Column("expires_at", Time, nullable=False),
    Column("revoked_at", Time),
)
customer_companies = Table(
    "customer_companies",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("street", String(200)),
    Column("city", String(200)),
    Column("country", String(200)),
    Column("url", String(500)),
    Column("comment", Text),
    Column("valid", Boolean, nullable=False, default=True),
)
customer_users = Table(
    "customer_users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("login", String(200), nullable=False, unique=True),
    Column("name", String(200), nullable=False, default=""),
    Column("email", String(320), nullable=False),
    Column("emails", JSON, nullable=False, default=list),  # every address, the primary (``email``) first
    Column("company_id", Id, ForeignKey("customer_companies.id")),
    Column("password_hash", String(200)),
    Column("sees_company", Boolean, nullable=False, default=False),
    Column("valid", Boolean, nullable=False, default=True),
)
customer_emails = Table(
    "customer_emails",
    metadata,
    # Every address of a customer in lower case: the primary key keeps addresses unique across customers.
    Column("address", String(320), primary_key=True),
    Column("customer_id", Id, ForeignKey("customer_users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
)
queues = Table(
    "queues",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(400), nullable=False, unique=True),
    Column("parent_id", Id, ForeignKey("queues.id")),
    Column("group_id", Id, ForeignKey("groups.id"), nullable=False),
    Column("system_address_id", Id),
    Column("follow_up_policy", String(20), nullable=False, default="reopen"),
    Column("salutation", Text),
    Column("signature", Text),
    Column("unlock_timeout_minutes", Integer, nullable=False, default=0),
    Column("valid", Boolean, nullable=False, default=True),
    # Escalation targets in minutes after creation; 0 = none (domain.escalation).
    Column("first_response_minutes", Integer, nullable=False, default=0, server_default="0"),
    Column("solution_minutes", Integer, nullable=False, default=0, server_default="0"),
)
queue_auto_responses = Table(
    "queue_auto_responses",
    metadata,
    Column("queue_id", Id, ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(20), primary_key=True),  # "new", "follow_up", "reject", "new_after_closed"
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
)
system_addresses = Table(
    "system_addresses",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("address", String(320), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False, default=""),
    Column("queue_id", Id, ForeignKey("queues.id"), nullable=False),
    Column("valid", Boolean, nullable=False, default=True),
)
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
# One per sort order of the ticket list, so that a search for a common word walks
# the tickets in page order and stops when the page is full (queries.ticket_list).
Index("ix_tickets_created", tickets.c.created_at.desc(), tickets.c.id.desc())
Index("ix_tickets_changed", tickets.c.changed_at.desc(), tickets.c.id.desc())
Index("ix_tickets_priority", tickets.c.priority.desc(), tickets.c.created_at.desc(), tickets.c.id.desc())
Index("ix_tickets_closed", tickets.c.closed_at.desc())
# PostgreSQL also has trigram (GIN) indexes on tickets.number, tickets.customer_email and
# articles.from_address for substring search (migration 0011, raw SQL, not in the metadata).
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
login_failures = Table(
    "login_failures",
    metadata,
    Column("login", String(200), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("window_start", Time, nullable=False),
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
customer_tokens = Table(
    "customer_tokens",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("customer_id", Id, ForeignKey("customer_users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("created_at", Time, nullable=False),
    Column("last_used_at", Time, nullable=False),
    Column("expires_at", Time, nullable=False),
    Column("revoked_at", Time),
)
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(100), nullable=False),
    Column("subject", String(400), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("created_at", Time, nullable=False),
)
password_resets = Table(
    "password_resets",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("account", String(20), nullable=False),  # "agent" or "customer"
    Column("account_id", Id, nullable=False),
    Column("created_at", Time, nullable=False),
    Column("expires_at", Time, nullable=False),
    Column("used_at", Time),
    Index("ix_password_resets_account", "account", "account_id"),
)
agent_totp = Table(
    "agent_totp",
    metadata,
    Column("agent_id", Id, ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
    Column("secret", Text, nullable=False),  # Fernet-encrypted base32 secret
    Column("created_at", Time, nullable=False),
    Column("enabled_at", Time),  # None until the first code confirms the enrolment
    Column("last_step", BigInteger),  # the time step of the last accepted code; it is not accepted again
)
runtime_settings = Table(
    "runtime_settings",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("changed_at", Time, nullable=False),
    Column("changed_by", String(200), nullable=False),
)
standard_templates = Table(
    "standard_templates",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),  # "answer", "note", "forward"
    Column("body", Text, nullable=False),
    Column("created_at", Time, nullable=False),
    Column("changed_at", Time, nullable=False),
)
standard_template_queues = Table(
    "standard_template_queues",
    metadata,
    Column("template_id", Id, ForeignKey("standard_templates.id", ondelete="CASCADE"), primary_key=True),
    Column("queue_id", Id, ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True),
)
standard_template_attachments = Table(
    "standard_template_attachments",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("template_id", Id, ForeignKey("standard_templates.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("filename", String(500), nullable=False),
    Column("content_type", String(200), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
)
