"""The event log keeps every ticket event, also those emitted before it existed (migration 0014)."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, insert, select

from services.tickets import main
from services.tickets.tables import event_log, outbox
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.db import Database
from shared.envelope import Envelope
from shared.migrations import upgrade


def moved(ticket_id: int, version: int) -> Envelope:
    data = {"ticket_id": ticket_id, "ticket_version": version}  # the log does not read data
    return Envelope(
        type="ticket.moved",
        version=1,
        source="tickets",
        correlation_id=uuid.uuid4(),
        key=str(ticket_id),
        sequence=version,
        data=data,
    )


async def test_events_of_before_the_log_are_copied_and_new_ones_written_with_the_outbox(any_db_url: str) -> None:
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url, "0013")
    database = Database(any_db_url)
    old = moved(7, 1)
    try:
        async with database.sessions() as session, session.begin():
            row = {"event_id": old.id, "routing_key": old.type, "payload": old.to_json(), "attempts": 0}
            await session.execute(insert(outbox).values(created_at=old.occurred_at, **row))
        await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)

        new = moved(7, 2)
        async with TicketsUnitOfWork(database) as uow:
            uow.emit(new)
            await uow.commit()
        async with TicketsUnitOfWork(database) as uow:
            uow.emit(moved(8, 1))  # rolled back: neither outbox nor log
        async with database.sessions() as session:
            log = (await session.execute(select(event_log).order_by(event_log.c.position))).all()
            keys = (await session.execute(select(outbox.c.event_id, outbox.c.key).order_by(outbox.c.seq))).all()
            outbox_rows = (await session.execute(select(func.count()).select_from(outbox))).scalar_one()
    finally:
        await database.dispose()
    assert [(r.event_id, r.type, r.key, r.sequence) for r in log] == [
        (old.id, "ticket.moved", "7", 1),
        (new.id, "ticket.moved", "7", 2),
    ]
    assert log[1].payload == new.to_json()
    assert keys == [(old.id, "7"), (new.id, "7")]  # the unpublished old row got its key from its payload
    assert outbox_rows == 2
