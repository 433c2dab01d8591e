"""What stats' handlers need from storage: the projection, the inbox claim, one commit.

Protocols, so that the handlers run as well on :class:`~services.stats.adapters.unit_of_work.
SqlStatsUnitOfWork` as on the in-memory fake of the unit tests.
"""

from __future__ import annotations

from typing import Protocol

from services.stats.domain.projection import Increment, QueueName
from shared.unit_of_work_protocol import UnitOfWorkProtocol


class Projection(Protocol):
    async def add(self, increment: Increment) -> None:
        """Add one to the increment's count (atomically: concurrent consumers never lose one)."""

    async def name_queue(self, name: QueueName) -> None:
        """Keep the queue's name unless a newer one (by ``as_of``) is kept already."""


class StatsUnitOfWork(UnitOfWorkProtocol, Protocol):
    projection: Projection
