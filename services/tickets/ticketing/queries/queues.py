"""The queue overview: the queues a caller may read, with ticket counts per state bucket."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.domain.states import StateType
from services.tickets.ticketing.queries.schemas import QueueCounts, QueueOut

q, t, s, g = directory_tables.queues, ticket_tables.tickets, ticket_tables.ticket_states, directory_tables.groups


async def readable_queues(session: AsyncSession, readable_ids: Collection[int]) -> list[QueueOut]:
    if not readable_ids:
        return []
    rows = (
        await session.execute(
            select(q.c.id, q.c.name, q.c.parent_id, g.c.name.label("group"))
            .join(g, g.c.id == q.c.group_id)
            .where(q.c.id.in_(readable_ids), q.c.valid.is_(True))
            .order_by(q.c.name)
        )
    ).all()
    counted = (
        await session.execute(
            select(t.c.queue_id, s.c.type, func.count())
            .join(s, s.c.id == t.c.state_id)
            .where(t.c.queue_id.in_(readable_ids))
            .group_by(t.c.queue_id, s.c.type)
        )
    ).all()
    counts: dict[int, QueueCounts] = {}
    for queue_id, state_type, n in counted:
        bucket = StateType(state_type)
        if bucket in (StateType.MERGED, StateType.REMOVED):
            continue
        c = counts.setdefault(queue_id, QueueCounts())
        setattr(c, bucket.bucket, getattr(c, bucket.bucket) + n)
        c.total += n
    return [
        QueueOut(
            id=r.id,
            name=r.name,
            parent_id=r.parent_id,
            depth=r.name.count("::"),
            group=r.group,
            counts=counts.get(r.id, QueueCounts()),
        )
        for r in rows
    ]


async def resolve_queue(
    session: AsyncSession, name_or_id: str, readable_ids: Collection[int], with_subqueues: bool = False
) -> list[int] | None:
    """Readable queue ids for a queue given by id or full name (and its readable sub-queues, if asked).

    None when the queue is unknown or hidden: both look alike to the caller.
    """
    is_id = name_or_id.isdigit() and len(name_or_id) < 19
    where = q.c.id == int(name_or_id) if is_id else q.c.name == name_or_id
    found = (await session.execute(select(q.c.id, q.c.name).where(where))).first()
    if found is None or found.id not in readable_ids:
        return None
    if not with_subqueues:
        return [found.id]
    below = select(q.c.id).where(q.c.name.startswith(f"{found.name}::", autoescape=True), q.c.id.in_(readable_ids))
    return [found.id, *(await session.execute(below)).scalars()]
