"""Choices the UI offers: states, priorities, target queues, agents who may own a ticket."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.adapters.directory import Directory, out_of_office
from services.tickets.directory.domain.permissions import Permission, PermissionSet
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.queries.schemas import AgentChoice, OutOfOfficeOut, PriorityOut, QueueChoice, StateOut


async def states(session: AsyncSession) -> list[StateOut]:
    s = ticket_tables.ticket_states
    rows = (await session.execute(select(s.c.name, s.c.type).order_by(s.c.id))).all()
    return [StateOut(name=r.name, type=r.type) for r in rows]


async def priorities(session: AsyncSession) -> list[PriorityOut]:
    p = ticket_tables.ticket_priorities
    rows = (await session.execute(select(p.c.id, p.c.name).order_by(p.c.id))).all()
    return [PriorityOut(id=r.id, name=r.name) for r in rows]


async def target_queues(session: AsyncSession, permissions: PermissionSet, permission: Permission) -> list[QueueChoice]:
    """Queues the caller holds ``permission`` on — e.g. where a ticket may be moved or created."""
    q = directory_tables.queues
    groups = [g for g in permissions.by_group if permissions.allows(g, permission)]
    rows = (
        await session.execute(
            select(q.c.id, q.c.name).where(q.c.group_id.in_(groups), q.c.valid.is_(True)).order_by(q.c.name)
        )
    ).all()
    return [QueueChoice(id=r.id, name=r.name) for r in rows]


async def owners_for(session: AsyncSession, queue_id: int) -> list[AgentChoice]:
    """Valid agents holding ``owner`` (or ``rw``) on the queue's group, with their absence (the UI marks them)."""
    q, a = directory_tables.queues, directory_tables.agents
    group_id = (await session.execute(select(q.c.group_id).where(q.c.id == queue_id))).scalar_one_or_none()
    if group_id is None:
        return []
    directory = Directory(session)
    rows = (await session.execute(select(a).where(a.c.valid.is_(True)).order_by(a.c.login))).all()
    return [
        AgentChoice(login=r.login, name=r.name, out_of_office=OutOfOfficeOut.of(out_of_office(r)))
        for r in rows
        if (await directory.permissions(r.id)).allows(group_id, Permission.OWNER)
    ]
