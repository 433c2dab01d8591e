"""Automatic archiving: a closed ticket leaves the default lists ``UMLAUF_ARCHIVE_AFTER_DAYS`` after it was closed.

When a ticket was closed is its ``closed_at`` (kept by the ticket aggregate, backfilled from
the history by migration 0011). Called by
:class:`services.tickets.ticketing.app.scheduler.Scheduler`; the due tickets are claimed with
``FOR UPDATE SKIP LOCKED``, so several replicas archive each ticket once.
"""

from __future__ import annotations

from datetime import datetime

from services.tickets.ticketing.app import change_events
from services.tickets.unit_of_work import TicketsUnitOfWork

ACTOR = "system:scheduler"


async def archive_due(uow: TicketsUnitOfWork, now: datetime, days: int, batch: int) -> int:
    """Archive up to ``batch`` tickets closed at least ``days`` days before ``now``; returns how many."""
    if days <= 0:
        return 0
    async with uow:
        ids = await uow.tickets.due_archive(now, days, batch)
        for ticket_id in ids:
            ticket = await uow.tickets.get(ticket_id)
            assert ticket is not None
            ticket.archive(ACTOR, now)
            entries = change_events.pending(ticket)
            await uow.tickets.save(ticket)
            await change_events.announce(uow, ticket, entries, actor=ACTOR, at=now)
        await uow.commit()
    return len(ids)
