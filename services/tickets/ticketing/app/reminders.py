"""``ticket.reminder.reached``: once per pending reminder that came due, however many replicas run.

A reminder is one (ticket, pending time) pair; its event id is derived from that pair and
claimed in the inbox table in the same transaction as the outbox row, so a second
replica (or the next pass) finds it claimed and stays quiet. A new pending time is a
new reminder.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from services.tickets import tables
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.app.change_events import SOURCE, snapshot
from services.tickets.ticketing.domain.states import StateType
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts import new_event
from shared.contracts.tickets import PendingReminderReachedV1
from shared.db import Database

CONSUMER = "tickets:reminder"
NAMESPACE = uuid.UUID("6f1c52a4-43a4-4d0e-9f55-0d7bd4f0c7a1")
t, s = ticket_tables.tickets, ticket_tables.ticket_states


def reminder_id(ticket_id: int, pending_until: datetime) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{ticket_id}@{pending_until.isoformat()}")


async def announce_reached(database: Database, now: datetime, batch: int = 100) -> int:
    """Emit the reminders due at ``now`` not yet announced; returns how many went out."""
    async with TicketsUnitOfWork(database) as uow:
        due = (
            await uow.session.execute(
                select(t.c.id, t.c.pending_until)
                .join(s, s.c.id == t.c.state_id)
                .where(s.c.type == StateType.PENDING_REMINDER.value, t.c.pending_until <= now)
            )
        ).all()
        wanted = {reminder_id(ticket_id, until): ticket_id for ticket_id, until in due}
        i = tables.inbox.c
        done = set(
            (
                await uow.session.execute(
                    select(i.event_id).where(i.consumer == CONSUMER, i.event_id.in_(list(wanted)))
                )
            ).scalars()
        )
        sent = 0
        for event_id, ticket_id in [(e, tid) for e, tid in wanted.items() if e not in done][:batch]:
            ticket = await uow.tickets.get(ticket_id)
            assert ticket is not None and ticket.id is not None
            payload = PendingReminderReachedV1(
                ticket_id=ticket.id,
                ticket_version=ticket.version,
                number=ticket.number,
                ticket=await snapshot(uow, ticket),
                reached_at=now,
            )
            envelope = new_event(payload, source=SOURCE, key=str(ticket.id), sequence=ticket.version)
            envelope = envelope.model_copy(update={"id": event_id, "correlation_id": event_id})
            if await uow.claim(CONSUMER, envelope):
                uow.emit(envelope)
                sent += 1
        await uow.commit()
    return sent
