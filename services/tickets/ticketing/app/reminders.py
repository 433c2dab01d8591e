"""``ticket.reminder.reached``: once per pending reminder that came due, however many replicas run.

A reminder is one (ticket, pending time) pair; its event id is derived from that pair and
claimed in the inbox table in the same transaction as the outbox row, so a second
replica (or the next pass) finds it claimed and stays quiet. A new pending time is a
new reminder.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from services.tickets.ticketing.app.change_events import SOURCE, snapshot
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts import new_event
from shared.contracts.tickets import PendingReminderReachedV1

CONSUMER = "tickets:reminder"
NAMESPACE = uuid.UUID("6f1c52a4-43a4-4d0e-9f55-0d7bd4f0c7a1")


def reminder_id(ticket_id: int, pending_until: datetime) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{ticket_id}@{pending_until.isoformat()}")


async def announce_reached(uow: TicketsUnitOfWork, now: datetime, batch: int = 100) -> int:
    """Emit the reminders due at ``now`` not yet announced; returns how many went out."""
    async with uow:
        due = await uow.tickets.due_reminders(now)
        wanted = {reminder_id(ticket_id, until): ticket_id for ticket_id, until in due}
        done = await uow.claimed(CONSUMER, list(wanted))
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
