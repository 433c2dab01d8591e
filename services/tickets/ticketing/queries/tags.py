"""Free tags of tickets for the read side: per ticket for detail and list, and the ``tag=`` filter."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.domain.model import normalize_tag

tt = ticket_tables.ticket_tags


async def tags_of(session: AsyncSession, ticket_ids: Collection[int]) -> dict[int, list[str]]:
    """Each ticket's tags, sorted; tickets without tags are missing."""
    if not ticket_ids:
        return {}
    rows = await session.execute(
        select(tt.c.ticket_id, tt.c.tag).where(tt.c.ticket_id.in_(ticket_ids)).order_by(tt.c.tag)
    )
    found: dict[int, list[str]] = {}
    for ticket_id, tag in rows.all():
        found.setdefault(ticket_id, []).append(tag)
    return found


def tagged(tag: str) -> ColumnElement[bool]:
    """A condition on ``tickets``: the ticket has ``tag`` (compared as tags are stored)."""
    return ticket_tables.tickets.c.id.in_(select(tt.c.ticket_id).where(tt.c.tag == normalize_tag(tag)))
