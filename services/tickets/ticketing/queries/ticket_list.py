"""Ticket lists and search: filters, full text, sorting, paging — only over readable queues.

``total`` is counted with the same permission filter as the page, so it never
reveals tickets the caller may not see. A full-text search counts at most
``SEARCH_COUNT_CAP`` matches: counting every ticket that has a common word costs
more than finding the page, and nobody pages through a thousand hits.
``total_is_estimate`` then says that there are at least that many.

Pages are best walked with ``cursor`` (keyset, :mod:`services.tickets.ticketing.queries.paging`):
``next_cursor`` of a page starts the next one. ``offset`` still works, but a ticket
created while paging shifts every later page by one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, func, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.adapters.search_index import matching
from services.tickets.ticketing.queries import escalation, paging, tags
from services.tickets.ticketing.queries.paging import Sort
from services.tickets.ticketing.queries.schemas import TicketPage, TicketSummary
from services.tickets.ticketing.queries.tickets import owner, summary, summary_query

__all__ = ["Archived", "Sort", "TicketFilter", "TimeRange", "list_tickets"]
t, s = ticket_tables.tickets, ticket_tables.ticket_states


SEARCH_COUNT_CAP = 1_000


class Archived(StrEnum):
    NO = "no"
    YES = "yes"
    ALL = "all"


@dataclass(frozen=True)
class TimeRange:
    """``start <= time <= end``; either end may be open."""

    start: datetime | None = None
    end: datetime | None = None

    def of(self, column: Any) -> list[ColumnElement[bool]]:
        found = []
        if self.start is not None:
            found.append(column >= self.start)
        if self.end is not None:
            found.append(column <= self.end)
        return found


@dataclass(frozen=True)
class TicketFilter:
    queue_ids: Collection[int] | None = None
    state: str | None = None
    state_type: str | None = None
    priority: int | None = None
    owner: str | None = None
    locked: bool | None = None
    customer: str | None = None
    text: str | None = None
    archived: Archived = Archived.NO
    watched_by: int | None = None
    tag: str | None = None
    created: TimeRange = TimeRange()
    changed: TimeRange = TimeRange()
    closed: TimeRange = TimeRange()
    escalated: bool | None = None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    """The time ``escalated`` compares with."""
    sort: Sort = Sort.NEWEST
    limit: int = 50
    offset: int = 0
    cursor: str | None = None


async def list_tickets(session: AsyncSession, readable: Collection[int], f: TicketFilter) -> TicketPage:
    query = summary_query(readable)
    if f.queue_ids is not None:
        query = query.where(t.c.queue_id.in_(f.queue_ids))
    if f.state is not None:
        query = query.where(s.c.name == f.state)
    if f.state_type is not None:
        query = query.where(s.c.type == f.state_type)
    if f.priority is not None:
        query = query.where(t.c.priority == f.priority)
    if f.owner is not None:
        query = query.where(owner.c.login == f.owner)
    if f.locked is not None:
        query = query.where(t.c.locked.is_(f.locked))
    if f.customer is not None:
        query = query.where(func.lower(t.c.customer_email) == f.customer.lower())
    if f.archived is Archived.NO:
        query = query.where(t.c.archived_at.is_(None))
    elif f.archived is Archived.YES:
        query = query.where(t.c.archived_at.is_not(None))
    if f.watched_by is not None:
        w = ticket_tables.ticket_watchers
        query = query.where(t.c.id.in_(select(w.c.ticket_id).where(w.c.agent_id == f.watched_by)))
    if f.tag is not None:
        query = query.where(tags.tagged(f.tag))
    query = query.where(*f.created.of(t.c.created_at), *f.changed.of(t.c.changed_at), *f.closed.of(t.c.closed_at))
    if f.escalated is not None:
        due = escalation.escalated(f.now)
        query = query.where(due if f.escalated else not_(due))
    if f.text and f.text.strip():
        return await _search(session, readable, query.where(matching(session.bind.dialect.name, f.text)), f)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    return TicketPage(total=total, **await _page(session, query, f))


async def _search(session: AsyncSession, readable: Collection[int], query: Select[Any], f: TicketFilter) -> TicketPage:
    """Two plans, chosen by how many tickets match (which the planner can only guess for a word).

    Up to the cap, the matching ids are in hand after counting, and the page is
    those tickets sorted. Beyond it, the query walks the tickets in page order
    (an index per sort order) and probes each one's documents until the page is full.
    """
    ids = list((await session.execute(query.with_only_columns(t.c.id).limit(SEARCH_COUNT_CAP + 1))).scalars())
    if len(ids) > SEARCH_COUNT_CAP:
        return TicketPage(total=SEARCH_COUNT_CAP, total_is_estimate=True, **await _page(session, query, f))
    if not ids:
        return TicketPage(total=0, items=[])
    found = summary_query(readable).where(t.c.id.in_(ids))
    return TicketPage(total=len(ids), **await _page(session, found, f))


async def _page(session: AsyncSession, query: Select[Any], f: TicketFilter) -> dict[str, Any]:
    """The page's ``items`` and the ``next_cursor`` after them (None on the last page)."""
    if f.cursor is not None:
        query = query.where(paging.after(f.sort, f.cursor))
    query = query.order_by(*paging.order_by(f.sort)).limit(f.limit + 1).offset(f.offset)
    rows = (await session.execute(query)).all()
    more, rows = len(rows) > f.limit, rows[: f.limit]
    found = await tags.tags_of(session, [r.id for r in rows])
    return {
        "items": [TicketSummary(**summary(r), tags=found.get(r.id, [])) for r in rows],
        "next_cursor": paging.cursor_of(f.sort, rows[-1]) if more else None,
    }
