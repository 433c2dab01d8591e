"""The base unit of work: one transaction, the outbox rows written inside it, and
the inbox check that makes event handling effectively once.

A service subclasses it to add its repositories::

    class TicketsUnitOfWork(UnitOfWork):
        async def __aenter__(self):
            await super().__aenter__()
            self.tickets = TicketRepository(self.session)
            return self
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Insert, Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bus import StoredEvent
from shared.db import Database
from shared.envelope import Envelope
from shared.outbox_notify import with_notify


class UnitOfWork:
    """Async context manager; nothing is written unless :meth:`commit` is called."""

    def __init__(self, database: Database, outbox: Table, inbox: Table, *, event_log: Table | None = None) -> None:
        """``event_log``: also keep every emitted event there, in this transaction, for replay."""
        self.database = database
        self._outbox = outbox
        self._inbox = inbox
        self._event_log = event_log
        self._pending: list[Envelope] = []
        self.session: AsyncSession

    async def __aenter__(self) -> Self:
        self.session = self.database.sessions()
        self._pending = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.session.rollback()
        await self.session.close()
        self._pending = []

    def emit(self, *events: Envelope) -> None:
        """Queue events; they are written to the outbox by :meth:`commit`."""
        self._pending.extend(events)

    async def commit(self) -> None:
        """Write the outbox rows and commit everything in one transaction."""
        if self._pending:
            now = datetime.now(UTC)
            stored = [StoredEvent.of(envelope, now) for envelope in self._pending]
            rows = [
                {
                    "event_id": event.event_id,
                    "routing_key": event.routing_key,
                    "key": event.key,
                    "payload": event.payload,
                    "created_at": now,
                    "attempts": 0,
                }
                for event in stored
            ]
            statement = insert(self._outbox)
            await self.session.execute(statement if self.database.is_sqlite else with_notify(statement), rows)
            if self._event_log is not None:
                await self.session.execute(insert(self._event_log), _log_rows(self._pending, stored))
        await self.session.commit()
        if self._pending:
            self._pending = []
            self.database.wake_relay()

    async def rollback(self) -> None:
        self._pending = []
        await self.session.rollback()

    async def claim(self, consumer: str, envelope: Envelope) -> bool:
        """Record that ``consumer`` handles this event; False if it already did.

        The row is part of this transaction: if the handler's change rolls back,
        so does the claim, and the redelivered event is handled again.
        """
        statement = _claim_statement(self._inbox, self.session.bind.dialect.name)
        values = {
            "consumer": consumer,
            "event_id": envelope.id,
            "event_type": envelope.type,
            "processed_at": datetime.now(UTC),
        }
        result = await self.session.execute(statement, values)
        return result.rowcount == 1


def _log_rows(envelopes: list[Envelope], stored: list[StoredEvent]) -> list[dict[str, object]]:
    return [
        {
            "event_id": envelope.id,
            "type": envelope.type,
            "key": envelope.key,
            "sequence": envelope.sequence,
            "occurred_at": envelope.occurred_at,
            "payload": event.payload,
        }
        for envelope, event in zip(envelopes, stored, strict=True)
    ]


@functools.cache
def _claim_statement(inbox: Table, dialect: str) -> Insert:
    """Built once per inbox: constructing the statement cost more than running it (every event)."""
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(inbox).on_conflict_do_nothing(index_elements=["consumer", "event_id"])
