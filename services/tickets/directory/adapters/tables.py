"""The directory's tables: agents, groups, roles, customers, queues, addresses, templates, settings, audit."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from services.tickets.tables import Id, Time, metadata

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
    # The state a customer's follow-up sets on a ticket that is not new (a state of type open).
    Column("follow_up_state", String(100), nullable=False, default="open", server_default="open"),
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
