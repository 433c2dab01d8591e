"""Automatic archiving: a closed ticket leaves the default lists ``UMLAUF_ARCHIVE_AFTER_DAYS`` after it was closed.

When a ticket was closed is read off its history: the latest ``StateUpdate`` (the one that
closed it, since it is still closed), or its creation for a ticket opened as closed. Called by
:class:`services.tickets.app.scheduler.Scheduler`; the due tickets are claimed with
``FOR UPDATE SKIP LOCKED``, so several replicas archive each ticket once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, select

from services.tickets.adapters import orm
from services.tickets.app import change_events
from services.tickets.app.unit_of_work import TicketsUnitOfWork
from services.tickets.domain.history import HistoryType
from services.tickets.domain.states import StateType
from shared.db import Database

ACTOR = "system:scheduler"
CLOSED = [kind.value for kind in StateType if kind.is_closed]
t, s, h = orm.tickets, orm.ticket_states, orm.history


async def archive_due(database: Database, now: datetime, days: int, batch: int) -> int:
    """Archive up to ``batch`` tickets closed at least ``days`` days before ``now``; returns how many."""
    if days <= 0:
        return 0
    closed_at = (
        select(func.max(h.c.created_at))
        .where(h.c.ticket_id == t.c.id, h.c.type == HistoryType.STATE_UPDATE.value)
        .scalar_subquery()
    )
    due = and_(
        s.c.type.in_(CLOSED),
        t.c.archived_at.is_(None),
        func.coalesce(closed_at, t.c.created_at) <= now - timedelta(days=days),
    )
    async with TicketsUnitOfWork(database) as uow:
        ids = await uow.tickets.due(due, batch)
        for ticket_id in ids:
            ticket = await uow.tickets.get(ticket_id)
            assert ticket is not None
            ticket.archive(ACTOR, now)
            entries = change_events.pending(ticket)
            await uow.tickets.save(ticket)
            await change_events.announce(uow, ticket, entries, actor=ACTOR, at=now)
        await uow.commit()
    return len(ids)
