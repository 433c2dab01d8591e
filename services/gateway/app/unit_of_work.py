"""The one door to the gateway's storage, as the handlers see it: a transaction over sessions and failed logins.

The database implementation is ``adapters.unit_of_work.SqlUnitOfWork``; the unit tests use a fake.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from services.gateway.domain.sessions import Session


class SessionRepository(Protocol):
    async def add(self, session: Session) -> None: ...
    async def get(self, key: str) -> Session | None: ...
    async def touch(self, session: Session) -> None: ...
    async def remove(self, key: str) -> None: ...
    async def remove_expired(self, now: datetime, idle_since: datetime) -> int: ...


class LoginFailureRepository(Protocol):
    async def add(self, client: str, attempt: str, at: datetime) -> None: ...
    async def since(self, client: str, since: datetime) -> list[tuple[str, datetime]]: ...
    async def remove_before(self, before: datetime) -> int: ...


class UnitOfWork(Protocol):
    """Nothing is written unless :meth:`commit` is called before the block ends."""

    sessions: SessionRepository
    login_failures: LoginFailureRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...
