"""Pending auto close and unlock timeout, with two schedulers (two engines) at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.tests.service.conftest import mail, rows, units
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.app.scheduler import Scheduler
from shared.db import Database


async def _set(database, **values):
    async with database.sessions() as session, session.begin():
        if "state" in values:
            values["state_id"] = (
                await session.execute(
                    select(ticket_tables.ticket_states.c.id).where(
                        ticket_tables.ticket_states.c.name == values.pop("state")
                    )
                )
            ).scalar_one()
        await session.execute(update(ticket_tables.tickets).values(**values))


async def test_due_pending_auto_close_closes_once_across_two_replicas(service, database, pg_url):
    for i in range(30):
        await service.handlers.handle(mail(message_id=f"<{i}@x>", subject=f"Anfrage {i}"))
    now = datetime.now(UTC)
    await _set(database, state="pending auto close-", pending_until=now - timedelta(minutes=1))
    other = Database(pg_url)
    try:
        changed = await asyncio.gather(
            Scheduler(units(database), batch=7).run_once(now),
            Scheduler(units(other)).run_once(now),
        )
    finally:
        await other.dispose()
    assert sum(changed) == 30
    assert await Scheduler(units(database)).run_once(now) == 0
    states = {r.state_id for r in await rows(database, ticket_tables.tickets)}
    [closed] = await rows(database, ticket_tables.ticket_states, ticket_tables.ticket_states.c.id.in_(states))
    assert closed.name == "closed unsuccessful"
    entries = [h for h in await rows(database, ticket_tables.history) if h.actor == "system:auto-close"]
    assert len(entries) == 30 and {h.type for h in entries} == {"StateUpdate"}


async def test_not_yet_due_stays_pending(service, database):
    await service.handlers.handle(mail())
    now = datetime.now(UTC)
    await _set(database, state="pending auto close+", pending_until=now + timedelta(hours=1))
    assert await Scheduler(units(database)).run_once(now) == 0


async def test_unlock_timeout_of_the_queue(service, database):
    await service.handlers.handle(mail())
    now = datetime.now(UTC)
    async with database.sessions() as session, session.begin():
        await session.execute(update(directory_tables.queues).values(unlock_timeout_minutes=30))
    await _set(database, locked=True, changed_at=now - timedelta(minutes=31))
    assert await Scheduler(units(database)).run_once(now) == 1
    [ticket] = await rows(database, ticket_tables.tickets)
    assert ticket.locked is False
    assert [h.type for h in await rows(database, ticket_tables.history)][-1] == "Unlock"
