"""The actions an agent takes on a ticket, each with its permission (OTRS semantics).

note → ``note``; move → ``move_into`` on both queues; lock/owner/responsible → ``owner``;
priority → ``priority``; state, title, reply → ``rw``. A ticket locked by another
agent needs ``rw`` (see :mod:`services.tickets.ticketing.domain.policy`).
"""

from __future__ import annotations

from datetime import datetime

from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import Forbidden, Invalid, NotFound
from services.tickets.ticketing.app.actions import Action, ActionContext
from services.tickets.ticketing.domain import policy
from services.tickets.ticketing.domain.articles import Article, Channel, NewAttachment, SenderType
from services.tickets.ticketing.domain.history import HistoryType


def add_note(subject: str, body_text: str, visible_for_customer: bool, attachments: list[NewAttachment]) -> Action:
    async def run(ctx: ActionContext) -> Article:
        ctx.require(Permission.NOTE)
        article = Article(
            sender_type=SenderType.AGENT,
            channel=Channel.NOTE,
            created_at=ctx.now,
            created_by=ctx.actor,
            visible_for_customer=visible_for_customer,
            from_address=ctx.caller.agent.email,
            subject=subject,
            body_text=body_text,
            attachments=attachments,
        )
        ctx.ticket.add_note(article, ctx.actor)
        return article

    return run


def move(queue: str | int) -> Action:
    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.MOVE_INTO)
        target = await ctx.uow.directory.queue_by_ref(queue)
        if target is None:
            raise NotFound(f"no queue {queue!r}")
        policy.require_target(ctx.caller.permissions, target.group_id, Permission.MOVE_INTO)
        if not target.valid:
            raise Invalid(f"queue {target.name} is invalid")
        ctx.ticket.move(target.id, ctx.queue.name, target.name, ctx.actor, ctx.now)

    return run


def lock(take_over: bool) -> Action:
    async def run(ctx: ActionContext) -> None:
        perms, group = ctx.caller.permissions, ctx.queue.group_id
        policy.require(perms, group, Permission.OWNER)
        if take_over and not perms.allows(group, Permission.RW):
            raise Forbidden("taking over a lock needs 'rw' on the queue")
        previous = await ctx.uow.directory.login_of(ctx.ticket.owner_id)
        agent = ctx.caller.agent
        ctx.ticket.lock(agent.id, agent.login, ctx.actor, ctx.now, previous_login=previous, take_over=take_over)

    return run


def unlock() -> Action:
    """Unlocking needs what locking needs (``owner``); a lock held by another agent also
    needs ``rw``, which the generic lock check enforces. A reader cannot even no-op it."""

    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.OWNER)
        ctx.ticket.unlock(ctx.actor, ctx.now)

    return run


def set_state(name: str, pending_until: datetime | None) -> Action:
    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        state = await ctx.uow.tickets.state_by_name(name)
        if state is None:
            raise Invalid(f"no state {name!r}")
        ctx.ticket.set_state(state, pending_until, ctx.actor, ctx.now)

    return run


def set_priority(priority: int) -> Action:
    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.PRIORITY)
        ctx.ticket.set_priority(priority, ctx.actor, ctx.now)

    return run


def _assign(login: str, responsible: bool) -> Action:
    """Owner or responsible: the new agent must hold ``owner`` (or ``rw``) on the ticket's queue."""

    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.OWNER)
        agent = await ctx.uow.directory.agent_by_login(login)
        if agent is None or not agent.valid:
            raise Invalid(f"no agent {login!r}")
        if not (await ctx.uow.directory.permissions(agent.id)).allows(ctx.queue.group_id, Permission.OWNER):
            raise Invalid(f"{login} may not own tickets in {ctx.queue.name}")
        if responsible:
            old = await ctx.uow.directory.login_of(ctx.ticket.responsible_id)
            ctx.ticket.set_responsible(agent.id, old, agent.login, ctx.actor, ctx.now)
        else:
            old = await ctx.uow.directory.login_of(ctx.ticket.owner_id)
            ctx.ticket.set_owner(agent.id, old, agent.login, ctx.actor, ctx.now)

    return run


def set_owner(login: str) -> Action:
    return _assign(login, responsible=False)


def set_responsible(login: str) -> Action:
    return _assign(login, responsible=True)


def set_title(title: str) -> Action:
    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        ctx.ticket.set_title(title, ctx.actor, ctx.now)

    return run


def watch(on: bool) -> Action:
    """Subscribe to a ticket (or stop); anyone who may read it may watch it, locked or not."""

    async def run(ctx: ActionContext) -> None:
        policy.require(ctx.caller.permissions, ctx.queue.group_id, Permission.RO)
        assert ctx.ticket.id is not None
        if await ctx.uow.tickets.watch(ctx.ticket.id, ctx.caller.agent.id, on):
            kind = HistoryType.SUBSCRIBE if on else HistoryType.UNSUBSCRIBE
            await ctx.uow.tickets.add_history(ctx.ticket.id, kind, ctx.actor, ctx.now, new=ctx.caller.agent.login)

    return run


def archive(on: bool) -> Action:
    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        if on:
            ctx.ticket.archive(ctx.actor, ctx.now)
        else:
            ctx.ticket.restore(ctx.actor, ctx.now)

    return run


def tag(tags: list[str], on: bool) -> Action:
    """Add or remove free tags; one that is already so is left as it is."""

    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        for name in tags:
            ctx.ticket.tag(name, on, ctx.actor, ctx.now)

    return run


def link(other_number: str, link_type: str, on: bool) -> Action:
    """Link this ticket to another the caller may read: ``normal``, or ``child`` (the other is our child)."""

    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        other_id = await ctx.uow.tickets.id_by_number(other_number)
        other = await ctx.uow.tickets.get(other_id) if other_id is not None else None
        if other is None or other.queue_id not in ctx.caller.readable_queue_ids or other.id is None:
            raise NotFound(f"no ticket {other_number}")
        if other.id == ctx.ticket.id:
            raise Invalid("a ticket cannot be linked to itself")
        assert ctx.ticket.id is not None
        if on:
            changed = await ctx.uow.tickets.link(
                ctx.ticket.id, other.id, "parent_child" if link_type == "child" else "normal"
            )
        else:
            changed = await ctx.uow.tickets.unlink(ctx.ticket.id, other.id)
        if changed:
            kind = HistoryType.LINK if on else HistoryType.UNLINK
            for ticket_id, number in ((ctx.ticket.id, other.number), (other.id, ctx.ticket.number)):
                await ctx.uow.tickets.add_history(ticket_id, kind, ctx.actor, ctx.now, new=number, note=link_type)

    return run


def set_type(ticket_type: str) -> Action:
    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        if not await ctx.uow.tickets.type_exists(ticket_type):
            raise Invalid(f"no ticket type {ticket_type!r}")
        ctx.ticket.set_type(ticket_type, ctx.actor, ctx.now)

    return run


def set_customer(email: str) -> Action:
    """The ticket's customer by address; a customer user with that address becomes its customer user."""

    async def run(ctx: ActionContext) -> None:
        ctx.require(Permission.RW)
        login = await ctx.uow.directory.customer_login_for(email)
        ctx.ticket.set_customer(email, login, ctx.actor, ctx.now)

    return run
