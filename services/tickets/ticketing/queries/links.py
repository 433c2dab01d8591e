"""Links of a ticket (as far as the caller may read the linked tickets) and its watchers."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.queries.schemas import LinkOut

t, s, lk = ticket_tables.tickets, ticket_tables.ticket_states, ticket_tables.ticket_links


async def links_of(session: AsyncSession, readable: Collection[int], ticket_id: int) -> list[LinkOut]:
    rows = (
        await session.execute(
            select(lk.c.source_id, lk.c.target_id, lk.c.type, t.c.number, t.c.title, s.c.name.label("state"))
            .join(
                t,
                or_(
                    and_(lk.c.source_id == ticket_id, t.c.id == lk.c.target_id),
                    and_(lk.c.target_id == ticket_id, t.c.id == lk.c.source_id),
                ),
            )
            .join(s, s.c.id == t.c.state_id)
            .where(t.c.queue_id.in_(readable))
            .order_by(lk.c.created_at)
        )
    ).all()
    out = []
    for r in rows:
        kind = r.type if r.type == "normal" else ("child" if r.source_id == ticket_id else "parent")
        out.append(LinkOut(number=r.number, title=r.title, state=r.state, type=kind))
    return out


async def readable_number(session: AsyncSession, readable: Collection[int], ticket_id: int | None) -> str | None:
    if ticket_id is None:
        return None
    query = select(t.c.number).where(t.c.id == ticket_id, t.c.queue_id.in_(readable))
    return (await session.execute(query)).scalar_one_or_none()


async def watchers_of(session: AsyncSession, ticket_id: int) -> list[str]:
    w, a = ticket_tables.ticket_watchers, directory_tables.agents
    query = select(a.c.login).join(w, w.c.agent_id == a.c.id).where(w.c.ticket_id == ticket_id).order_by(a.c.login)
    return list((await session.execute(query)).scalars())
