"""A toy participant of the round trip: one PostgreSQL database with outbox and inbox.

The consumer's side also has a toy table it inserts one row into per event, the
smallest effect a real handler has.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, Table, Uuid, func

from shared.db import Database
from shared.messaging_tables import add_messaging_tables
from shared.unit_of_work import UnitOfWork


class Side:
    """One database with outbox and inbox (and, for the consumer, the toy table)."""

    def __init__(self, url: str, *, with_toy: bool) -> None:
        self.metadata = MetaData()
        self.outbox, self.inbox = add_messaging_tables(self.metadata)
        self.received: Table | None = None
        if with_toy:
            self.received = Table(
                "received",
                self.metadata,
                Column("event_id", Uuid, primary_key=True),
                Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
            )
        self.database = Database(url)

    async def create(self) -> None:
        async with self.database.engine.begin() as conn:
            await conn.run_sync(self.metadata.create_all)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.database, self.outbox, self.inbox)
