"""The gateway's unit of work in memory: the same Protocols as the database one, so handlers run without I/O.

Each unit of work works on a copy of the store and writes it back only on commit, so a
handler that forgets to commit, or fails, leaves the store as it was: as a transaction would.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Self

from services.gateway.app.bus import MessageBus
from services.gateway.bootstrap import bootstrap
from services.gateway.domain.sessions import Session, SessionPolicy
from services.gateway.domain.throttle import ThrottlePolicy


@dataclass
class Store:
    """What the gateway's database holds: sessions by key, failed logins as (client, attempt, time)."""

    sessions: dict[str, Session] = field(default_factory=dict)
    failures: list[tuple[str, str, datetime]] = field(default_factory=list)
    commits: int = 0


class FakeSessionRepository:
    def __init__(self, sessions: dict[str, Session]) -> None:
        self.items = sessions

    async def add(self, session: Session) -> None:
        assert session.key not in self.items, "a key is unique, as in the table"
        self.items[session.key] = session

    async def get(self, key: str) -> Session | None:
        return self.items.get(key)

    async def touch(self, session: Session) -> None:
        if session.key in self.items:
            self.items[session.key] = replace(self.items[session.key], last_seen_at=session.last_seen_at)

    async def remove(self, key: str) -> None:
        self.items.pop(key, None)

    async def remove_expired(self, now: datetime, idle_since: datetime) -> int:
        gone = [k for k, s in self.items.items() if s.expires_at <= now or s.last_seen_at <= idle_since]
        for key in gone:
            del self.items[key]
        return len(gone)


class FakeLoginFailureRepository:
    def __init__(self, failures: list[tuple[str, str, datetime]]) -> None:
        self.items = failures

    async def add(self, client: str, attempt: str, at: datetime) -> None:
        self.items.append((client, attempt, at))

    async def since(self, client: str, since: datetime) -> list[tuple[str, datetime]]:
        return [(attempt, at) for c, attempt, at in self.items if c == client and at > since]

    async def remove_before(self, before: datetime) -> int:
        kept = [row for row in self.items if row[2] > before]
        removed = len(self.items) - len(kept)
        self.items[:] = kept
        return removed


class FakeUnitOfWork:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def __aenter__(self) -> Self:
        self.sessions = FakeSessionRepository(dict(self.store.sessions))
        self.login_failures = FakeLoginFailureRepository(list(self.store.failures))
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        pass  # what was not committed is dropped with the copies

    async def commit(self) -> None:
        self.store.sessions = dict(self.sessions.items)
        self.store.failures = list(self.login_failures.items)
        self.store.commits += 1


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def fake_bus(
    store: Store, clock: Clock, sessions: SessionPolicy, throttle: ThrottlePolicy, secret_key: str = "test-secret"
) -> MessageBus:
    """The gateway's handlers from its own bootstrap, on the fake unit of work."""
    return bootstrap(lambda: FakeUnitOfWork(store), sessions, throttle, secret_key, clock)
