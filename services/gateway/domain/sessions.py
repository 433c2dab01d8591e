"""Sessions of agents and of portal customers: what the gateway remembers between requests, and when that ends.

The browser holds only an opaque random id; the server keeps its hash, the
tickets service's session token and the few fields the UI shows. The kind keeps
the two apart: a customer's session never opens an agent page, nor the reverse.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

SessionKind = Literal["agent", "customer"]


@dataclass(frozen=True)
class Agent:
    """The person behind a session (for a customer: ``is_admin`` is false and ``language`` empty)."""

    login: str
    name: str
    email: str
    language: str
    is_admin: bool


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta
    touch_every: timedelta = timedelta(minutes=1)
    """Refresh ``last_seen_at`` at most this often, so reading pages does not write on every request."""


@dataclass(frozen=True)
class Session:
    key: str
    csrf_token: str
    tickets_token: str
    agent: Agent
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    kind: SessionKind = "agent"

    def is_expired(self, now: datetime, policy: SessionPolicy) -> bool:
        return now >= self.expires_at or now >= self.last_seen_at + policy.idle

    def needs_touch(self, now: datetime, policy: SessionPolicy) -> bool:
        return now - self.last_seen_at >= policy.touch_every

    def touched(self, now: datetime) -> Session:
        return replace(self, last_seen_at=now)


def new_secret() -> str:
    """A random value for cookies and tokens (256 bits)."""
    return secrets.token_urlsafe(32)


def session_key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(
    session_id: str,
    tickets_token: str,
    agent: Agent,
    now: datetime,
    policy: SessionPolicy,
    tickets_expires_at: datetime | None,
    kind: SessionKind = "agent",
) -> Session:
    """A new session; it ends no later than the tickets token it carries."""
    expires_at = now + policy.absolute
    if tickets_expires_at is not None:
        expires_at = min(expires_at, tickets_expires_at)
    return Session(
        key=session_key(session_id),
        csrf_token=new_secret(),
        tickets_token=tickets_token,
        agent=agent,
        created_at=now,
        last_seen_at=now,
        expires_at=expires_at,
        kind=kind,
    )
