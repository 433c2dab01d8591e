"""What a service's use cases may ask of any unit of work: a transaction, the outbox, the inbox.

A service's ``app/unit_of_work.py`` extends this Protocol with its repositories as
attributes; :class:`shared.unit_of_work.UnitOfWork` (on SQL) and
:class:`shared.tests.fake_unit_of_work.FakeUnitOfWork` (in memory) both satisfy it::

    class StatsUnitOfWork(UnitOfWorkProtocol, Protocol):
        projection: Projection
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from shared.envelope import Envelope


class UnitOfWorkProtocol(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Leave the transaction; what was not committed is rolled back."""

    def emit(self, *events: Envelope) -> None:
        """Queue events for the outbox; they are written by :meth:`commit`, in the same transaction."""

    async def claim(self, consumer: str, envelope: Envelope) -> bool:
        """Record in this transaction that ``consumer`` handles the event; False if it already did."""

    async def commit(self) -> None: ...
