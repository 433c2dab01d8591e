"""What the gateway's own storage is asked to do: one command per use case, each naming what it answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from services.gateway.domain.sessions import Agent, Session, SessionKind

R = TypeVar("R")


class Command(Generic[R]):
    """A command whose handler answers an ``R`` (so ``bus.handle`` is typed by the command it gets)."""


@dataclass(frozen=True)
class StartSession(Command[tuple[str, Session]]):
    """Answers the cookie value (never stored) and the new session."""

    tickets_token: str
    agent: Agent
    tickets_expires_at: datetime | None
    kind: SessionKind = "agent"


@dataclass(frozen=True)
class ResumeSession(Command[Session | None]):
    """Answers the live session for a cookie value; an expired one is deleted."""

    session_id: str


@dataclass(frozen=True)
class EndSession(Command[None]):
    key: str


@dataclass(frozen=True)
class PurgeExpiredSessions(Command[int]):
    """Answers how many were removed."""


@dataclass(frozen=True)
class CheckLoginThrottle(Command[int | None]):
    """Answers the seconds the client must wait before trying to log in again, or None."""

    client: str | None


@dataclass(frozen=True)
class RecordFailedLogin(Command[None]):
    client: str | None
    login: str
    password: str
