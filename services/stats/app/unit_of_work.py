"""What stats' handlers need from storage: the projection, the inbox claim, one commit.

Protocols, so that the handlers run as well on :class:`~services.stats.adapters.unit_of_work.
SqlStatsUnitOfWork` as on the in-memory fake of the unit tests.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from services.stats.domain.projection import Increment, QueueName
from shared.envelope import Envelope


class Projection(Protocol):
    async def add(self, increment: Increment) -> None:
        """Add one to the increment's count (atomically: concurrent consumers never lose one)."""

    async def name_queue(self, name: QueueName) -> None:
        """Keep the queue's name unless a newer one (by ``as_of``) is kept already."""


class StatsUnitOfWork(Protocol):
    projection: Projection

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def claim(self, consumer: str, envelope: Envelope) -> bool: ...

    async def commit(self) -> None: ...
