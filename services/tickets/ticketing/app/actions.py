"""Agent actions on one ticket: load, check, change, save, announce — the same frame for all.

Each action is a small function ``(ctx) -> Article | None`` run by :func:`apply`;
an article it returns is announced as ``ticket.article.added`` after it is saved, the
field changes, move or merge before it (:mod:`services.tickets.ticketing.app.change_events`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from services.tickets.directory.domain.permissions import Permission
from services.tickets.directory.domain.records import QueueInfo
from services.tickets.errors import NotFound, StaleVersion
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.app import change_events, events
from services.tickets.ticketing.domain import policy
from services.tickets.ticketing.domain.articles import Article
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts.common import OutboundMail


@dataclass
class ActionContext:
    uow: TicketsUnitOfWork
    caller: Caller
    ticket: Ticket
    queue: QueueInfo
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    outbound: OutboundMail | None = None
    """Set by an action whose article is a mail to send."""
    lock_holder: str | None = None
    """The login of another agent holding the ticket's lock, named when that refuses the action."""

    @property
    def actor(self) -> str:
        return f"agent:{self.caller.agent.login}"

    def require(self, needed: Permission) -> None:
        """The permission on the ticket's queue, and the lock held by the caller or ``rw``."""
        policy.require(self.caller.permissions, self.queue.group_id, needed)
        policy.require_unlocked_for(
            self.ticket, self.caller.agent.id, self.caller.permissions, self.queue.group_id, holder=self.lock_holder
        )


Action = Callable[[ActionContext], Awaitable[Article | None]]


async def lock_holder(uow: TicketsUnitOfWork, ticket: Ticket, caller: Caller) -> str | None:
    """The login of the agent other than the caller who holds the ticket's lock, if any."""
    if not ticket.locked or ticket.owner_id == caller.agent.id:
        return None
    return await uow.directory.login_of(ticket.owner_id)


async def apply(
    uow: TicketsUnitOfWork, caller: Caller, number: str, expected_version: int | None, action: Action
) -> int:
    """Run ``action`` on ticket ``number``; returns the ticket's new version (its ETag)."""
    async with uow:
        ticket_id = await uow.tickets.id_by_number(number)
        ticket = await uow.tickets.get(ticket_id, for_update=True) if ticket_id is not None else None
        if ticket is None or ticket.queue_id not in caller.readable_queue_ids:
            raise NotFound(f"no ticket {number}")
        if expected_version is not None and expected_version != ticket.version:
            raise StaleVersion(f"ticket {number} is at version {ticket.version}, not {expected_version}")
        queue = await uow.directory.queue(ticket.queue_id)
        assert queue is not None
        holder = await lock_holder(uow, ticket, caller)
        ctx = ActionContext(uow=uow, caller=caller, ticket=ticket, queue=queue, lock_holder=holder)
        article = await action(ctx)
        changed = change_events.pending(ticket)
        await uow.tickets.save(ticket)
        await change_events.announce(uow, ticket, changed, actor=ctx.actor, at=ctx.now, from_queue_id=queue.id)
        if article is not None:
            current = await uow.directory.queue(ticket.queue_id)
            assert current is not None
            uow.emit(events.article_added(ticket, current, article, outbound_mail=ctx.outbound))
        await uow.commit()
        return ticket.version
