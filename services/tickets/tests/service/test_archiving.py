"""Automatic archiving of closed tickets by the scheduler, with two schedulers (two engines) at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from services.tickets.tests.service.conftest import mail, outbox_events, rows, units
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.app.scheduler import Scheduler
from shared.db import Database


async def _close(database, at: datetime) -> None:
    """Close every ticket at ``at``, written as the ticket aggregate writes a state change."""
    async with database.sessions() as session, session.begin():
        closed = (
            await session.execute(
                select(ticket_tables.ticket_states.c.id).where(
                    ticket_tables.ticket_states.c.name == "closed successful"
                )
            )
        ).scalar_one()
        await session.execute(update(ticket_tables.tickets).values(state_id=closed, closed_at=at))
        ids = (await session.execute(select(ticket_tables.tickets.c.id))).scalars().all()
        for ticket_id in ids:
            await session.execute(
                insert(ticket_tables.history).values(
                    ticket_id=ticket_id, type="StateUpdate", actor="agent", created_at=at, new="closed successful"
                )
            )


async def test_closed_tickets_are_archived_once_across_two_replicas(service, database, pg_url):
    for i in range(20):
        await service.handlers.handle(mail(message_id=f"<{i}@x>", subject=f"Anfrage {i}"))
    now = datetime.now(UTC)
    await _close(database, now - timedelta(days=8))
    outbox_before = len(await outbox_events(database))
    other = Database(pg_url)
    try:
        changed = await asyncio.gather(
            Scheduler(units(database), batch=6, archive_after_days=7).run_once(now),
            Scheduler(units(other), archive_after_days=7).run_once(now),
        )
    finally:
        await other.dispose()
    assert sum(changed) == 20
    assert await Scheduler(units(database), archive_after_days=7).run_once(now) == 0
    assert all(r.archived_at is not None for r in await rows(database, ticket_tables.tickets))
    entries = [h for h in await rows(database, ticket_tables.history) if h.type == "Archive"]
    assert len(entries) == 20 and {h.actor for h in entries} == {"system:scheduler"}
    updated = [e for e in (await outbox_events(database))[outbox_before:] if e.type == "ticket.updated"]
    assert len(updated) == 20
    assert all(e.data["history_type"] == "Archive" and e.data["ticket"]["archived"] for e in updated)


async def test_recently_closed_tickets_wait_their_days(service, database):
    await service.handlers.handle(mail(message_id="<a@x>"))
    now = datetime.now(UTC)
    await _close(database, now - timedelta(days=6))
    assert await Scheduler(units(database), archive_after_days=7).run_once(now) == 0
    assert await Scheduler(units(database), archive_after_days=7).run_once(now + timedelta(days=1, seconds=1)) == 1


async def test_open_tickets_and_the_default_off_are_left_alone(service, database):
    await service.handlers.handle(mail(message_id="<b@x>"))
    later = datetime.now(UTC) + timedelta(days=400)
    assert await Scheduler(units(database), archive_after_days=1).run_once(later) == 0
    await _close(database, datetime.now(UTC) - timedelta(days=300))
    assert await Scheduler(units(database)).run_once(later) == 0
    [ticket] = await rows(database, ticket_tables.tickets)
    assert ticket.archived_at is None
