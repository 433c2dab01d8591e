"""Split an article off into a new child ticket; merge a ticket into another.

Both touch two tickets in one transaction. A split copies the article (and its
attachments) so the parent keeps its full story; the copy gets no Message-ID, so
replies to the original mail still thread into the parent.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import NotFound
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.app import events
from services.tickets.ticketing.app.actions import Action, ActionContext, lock_holder
from services.tickets.ticketing.app.creation import create_ticket
from services.tickets.ticketing.domain import policy
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.numbering import NumberGenerator
from services.tickets.unit_of_work import TicketsUnitOfWork


async def _readable(uow: TicketsUnitOfWork, caller: Caller, number: str) -> Ticket:
    ticket_id = await uow.tickets.id_by_number(number)
    ticket = await uow.tickets.get(ticket_id, for_update=True) if ticket_id is not None else None
    if ticket is None or ticket.queue_id not in caller.readable_queue_ids:
        raise NotFound(f"no ticket {number}")
    return ticket


async def split(
    uow: TicketsUnitOfWork,
    caller: Caller,
    numbering: NumberGenerator,
    number: str,
    article_id: int,
    queue: str | None,
    title: str | None,
) -> str:
    """A new ticket from one article, linked as the child of ``number``; returns the new number."""
    actor, now = f"agent:{caller.agent.login}", datetime.now(UTC)
    async with uow:
        parent = await _readable(uow, caller, number)
        source_queue = await uow.directory.queue(parent.queue_id)
        assert source_queue is not None and parent.id is not None
        policy.require(caller.permissions, source_queue.group_id, Permission.RO)
        target = await uow.directory.queue_by_ref(queue) if queue else source_queue
        if target is None:
            raise NotFound(f"no queue {queue!r}")
        policy.require_target(caller.permissions, target.group_id, Permission.CREATE)
        original = await uow.articles.load(article_id, parent.id)
        if original is None:
            raise NotFound(f"no article {article_id} on ticket {number}")
        copy = replace(original, id=None, message_id=None, created_at=now, created_by=actor)
        child = await create_ticket(
            uow,
            numbering,
            title=title or original.subject or parent.title,
            queue_id=target.id,
            first=copy,
            customer_email=parent.customer_email,
            actor=actor,
        )
        assert child.id is not None
        await uow.tickets.link(parent.id, child.id, "parent_child")
        await uow.tickets.add_history(
            parent.id,
            HistoryType.SPLIT,
            actor,
            now,
            new=child.number,
            note=f"Article {article_id} split into {child.number}.",
        )
        await uow.tickets.add_history(
            child.id, HistoryType.SPLIT, actor, now, old=parent.number, note=f"Split from {parent.number}."
        )
        uow.emit(events.ticket_created(child, target, origin="split", created_by=actor))
        await uow.commit()
        return child.number


def merge_into(into: str) -> Action:
    """The ticket becomes merged into ``into``; its articles and threads continue there.

    Needs ``rw`` on both tickets' queues and neither locked by another agent; both change
    in one transaction. A merged ticket takes no further changes, so in a bulk it comes last.
    """

    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        source, uow, caller = ctx.ticket, ctx.uow, ctx.caller
        target = await _readable(uow, caller, into)
        queue = await uow.directory.queue(target.queue_id)
        assert queue is not None
        policy.require(caller.permissions, queue.group_id, Permission.RW)
        holder = await lock_holder(uow, target, caller)
        policy.require_unlocked_for(target, caller.agent.id, caller.permissions, queue.group_id, holder=holder)
        merged = await uow.tickets.state_by_name("merged")
        assert merged is not None and source.id is not None and target.id is not None
        source.merge_into(target, merged, ctx.actor, ctx.now)
        await uow.articles.move_all(source.id, target.id)
        await uow.tickets.save(target)
        await uow.tickets.link(target.id, source.id, "normal")

    return run
