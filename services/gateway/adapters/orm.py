"""The gateway's tables: sessions, failed logins per client address, plus the outbox/inbox every service carries."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text

from shared.messaging_tables import add_messaging_tables
from shared.utc import UtcDateTime

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    # SHA-256 of the cookie value: a leaked table does not hand out live cookies.
    Column("key", String(64), primary_key=True),
    Column("csrf_token", String(100), nullable=False),
    Column("tickets_token", Text, nullable=False),
    Column("agent_login", String(200), nullable=False),
    Column("agent_name", String(200), nullable=False),
    Column("agent_email", String(320), nullable=False),
    Column("agent_language", String(20), nullable=False),
    Column("agent_is_admin", Boolean, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("last_seen_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("kind", String(20), nullable=False, server_default="agent"),
)
Index("ix_sessions_expires_at", sessions.c.expires_at)
Index("ix_sessions_last_seen_at", sessions.c.last_seen_at)

# One row per failed login; shared by all gateway replicas, so the limit holds behind a load balancer.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("client", String(100), nullable=False),
    Column("attempt", String(64), nullable=False),
    Column("failed_at", UtcDateTime(), nullable=False),
)
Index("ix_login_failures_client_failed_at", login_failures.c.client, login_failures.c.failed_at)
Index("ix_login_failures_failed_at", login_failures.c.failed_at)

outbox, inbox = add_messaging_tables(metadata)
