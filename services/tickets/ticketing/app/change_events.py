"""``ticket.updated``, ``ticket.moved`` and ``ticket.merged``: a change read off the history it recorded.

The aggregate records every change in ``new_history``; :func:`pending` takes those entries
before the repository writes (and clears) them, and :func:`announce` turns them into the
events of that change. One place maps history to events, so an action cannot change a
field without announcing it.
"""

from __future__ import annotations

from datetime import datetime

from services.tickets.ticketing.domain.history import HistoryEntry, HistoryType
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts import new_event
from shared.contracts.tickets import FieldChange, TicketMergedV1, TicketMovedV1, TicketSnapshot, TicketUpdatedV1
from shared.envelope import Envelope

SOURCE = "tickets"

FIELDS: dict[HistoryType, str] = {
    HistoryType.LOCK: "lock",
    HistoryType.UNLOCK: "lock",
    HistoryType.STATE_UPDATE: "state",
    HistoryType.FOLLOW_UP_STATE: "state",
    HistoryType.PRIORITY_UPDATE: "priority",
    HistoryType.OWNER_UPDATE: "owner",
    HistoryType.RESPONSIBLE_UPDATE: "responsible",
    HistoryType.TITLE_UPDATE: "title",
    HistoryType.TYPE_UPDATE: "type",
    HistoryType.CUSTOMER_UPDATE: "customer",
    HistoryType.SET_PENDING_TIME: "pending_until",
    HistoryType.ARCHIVE: "archived",
    HistoryType.RESTORE: "archived",
    HistoryType.TAG_ADD: "tags",
    HistoryType.TAG_REMOVE: "tags",
}
"""History types that change a field of the ticket (``ticket.updated``); the first one present in a
change names it (``history_type``): a lock that makes its agent the owner is a ``Lock``."""
RANK = {kind: rank for rank, kind in enumerate(FIELDS)}


def pending(ticket: Ticket) -> list[HistoryEntry]:
    """The entries recorded since the last save; call before ``uow.tickets.save``."""
    return list(ticket.new_history)


def _change(entry: HistoryEntry) -> FieldChange:
    if entry.type in (HistoryType.LOCK, HistoryType.UNLOCK):
        return FieldChange(field="lock", old=None, new="lock" if entry.type is HistoryType.LOCK else "unlock")
    if entry.type in (HistoryType.ARCHIVE, HistoryType.RESTORE):
        return FieldChange(field="archived", new=str(entry.type is HistoryType.ARCHIVE).lower())
    return FieldChange(field=FIELDS[entry.type], old=entry.old, new=entry.new)


async def snapshot(uow: TicketsUnitOfWork, ticket: Ticket) -> TicketSnapshot:
    queue = await uow.directory.queue(ticket.queue_id)
    assert queue is not None
    owner = await uow.directory.agent(ticket.owner_id) if ticket.owner_id is not None else None
    return TicketSnapshot(
        queue_id=queue.id,
        queue=queue.name,
        state=ticket.state.name,
        state_type=ticket.state.type.value,
        priority=ticket.priority,
        owner=owner.login if owner else None,
        owner_email=owner.email if owner else None,
        responsible=await uow.directory.login_of(ticket.responsible_id),
        locked=ticket.locked,
        title=ticket.title,
        customer_email=ticket.customer_email,
        pending_until=ticket.pending_until,
        archived=ticket.archived_at is not None,
    )


async def announce(
    uow: TicketsUnitOfWork,
    ticket: Ticket,
    entries: list[HistoryEntry],
    *,
    actor: str,
    at: datetime,
    from_queue_id: int | None = None,
    causation: Envelope | None = None,
) -> None:
    """Emit the events of one change of ``ticket`` (its ``entries``), all with the ticket's new version.

    A move or merge is its own event; the field changes beside it (the unlock on a move,
    the state ``merged``) are in the snapshot, and any others in one ``ticket.updated``.
    """
    assert ticket.id is not None
    common = {"ticket_id": ticket.id, "ticket_version": ticket.version, "number": ticket.number}
    payloads: list[TicketMovedV1 | TicketMergedV1 | TicketUpdatedV1] = []
    implied: set[HistoryType] = set()
    state = await snapshot(uow, ticket) if entries else None
    for entry in entries:
        if entry.type is HistoryType.MOVE and from_queue_id is not None and state is not None:
            payloads.append(
                TicketMovedV1(
                    **common,
                    from_queue_id=from_queue_id,
                    from_queue=entry.old or "",
                    ticket=state,
                    changed_at=at,
                    changed_by=actor,
                )
            )
            implied.add(HistoryType.UNLOCK)
        elif entry.type is HistoryType.MERGED and entry.old == ticket.number and ticket.merged_into_id and state:
            payloads.append(
                TicketMergedV1(
                    **common,
                    into_ticket_id=ticket.merged_into_id,
                    into_number=entry.new or "",
                    ticket=state,
                    changed_at=at,
                    changed_by=actor,
                )
            )
            implied.update((HistoryType.STATE_UPDATE, HistoryType.UNLOCK))
    changes = [e for e in entries if e.type in FIELDS and e.type not in implied]
    state_changes = [e for e in changes if e.type in (HistoryType.STATE_UPDATE, HistoryType.FOLLOW_UP_STATE) and e.old]
    before = await uow.tickets.state_by_name(state_changes[0].old or "") if state_changes else None
    if changes and state is not None:
        payloads.append(
            TicketUpdatedV1(
                **common,
                history_type=min(changes, key=lambda e: RANK[e.type]).type.value,
                changes=[_change(e) for e in changes],
                ticket=state,
                changed_at=at,
                changed_by=actor,
                previous_state_type=before.type.value if before else None,
            )
        )
    for payload in payloads:
        uow.emit(new_event(payload, source=SOURCE, causation=causation, key=str(ticket.id), sequence=ticket.version))
