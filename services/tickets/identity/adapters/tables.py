"""Identity's tables: tokens, failed logins, password resets, TOTP secrets."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from services.tickets.tables import Id, Time, metadata

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

login_failures = Table(
    "login_failures",
    metadata,
    Column("login", String(200), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("window_start", Time, nullable=False),
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
