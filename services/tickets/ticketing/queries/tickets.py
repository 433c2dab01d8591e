"""Ticket reads for the API; every query is limited to the queues the caller may read.

A ticket outside them is answered exactly like a ticket that does not exist.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.domain import escalation
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.states import StateType
from services.tickets.ticketing.queries import links, tags
from services.tickets.ticketing.queries.schemas import ArticleOut, AttachmentOut, DeliveryOut, HistoryOut, TicketDetail

t, s, q, a, att = (
    ticket_tables.tickets,
    ticket_tables.ticket_states,
    directory_tables.queues,
    ticket_tables.articles,
    ticket_tables.attachments,
)
owner, responsible = aliased(directory_tables.agents), aliased(directory_tables.agents)


def summary_query(readable: Collection[int]) -> Select[Any]:
    return (
        select(
            t,
            s.c.name.label("state_name"),
            s.c.type.label("state_type"),
            q.c.name.label("queue_name"),
            q.c.first_response_minutes,
            q.c.solution_minutes,
            owner.c.login.label("owner_login"),
            responsible.c.login.label("responsible_login"),
        )
        .join(s, s.c.id == t.c.state_id)
        .join(q, q.c.id == t.c.queue_id)
        .outerjoin(owner, owner.c.id == t.c.owner_id)
        .outerjoin(responsible, responsible.c.id == t.c.responsible_id)
        .where(t.c.queue_id.in_(readable))
    )


def summary(row: Row[Any]) -> dict[str, Any]:
    targets = escalation.Targets(row.first_response_minutes, row.solution_minutes)
    return {
        "id": row.id,
        "number": row.number,
        "title": row.title,
        "queue": row.queue_name,
        "queue_id": row.queue_id,
        "state": row.state_name,
        "state_type": row.state_type,
        "priority": row.priority,
        "customer_email": row.customer_email,
        "owner": row.owner_login,
        "locked": row.locked,
        "created_at": row.created_at,
        "changed_at": row.changed_at,
        "closed_at": row.closed_at,
        "first_response_at": row.first_response_at,
        "escalation_at": escalation.escalation_at(
            targets, StateType(row.state_type), row.created_at, row.first_response_at
        ),
    }


async def readable_ticket_id(session: AsyncSession, readable: Collection[int], number: str) -> int | None:
    return (
        await session.execute(select(t.c.id).where(t.c.number == number, t.c.queue_id.in_(readable)))
    ).scalar_one_or_none()


async def ticket_detail(session: AsyncSession, readable: Collection[int], number: str) -> TicketDetail | None:
    row = (await session.execute(summary_query(readable).where(t.c.number == number))).first()
    if row is None:
        return None
    article_rows = (await session.execute(select(a).where(a.c.ticket_id == row.id).order_by(a.c.id))).all()
    files: dict[int, list[AttachmentOut]] = {}
    if article_rows:
        for f in (
            await session.execute(
                select(att).where(att.c.article_id.in_([r.id for r in article_rows])).order_by(att.c.id)
            )
        ).all():
            files.setdefault(f.article_id, []).append(
                AttachmentOut(id=f.id, filename=f.filename, content_type=f.content_type, size=f.size)
            )
    articles = [
        ArticleOut(
            id=r.id,
            sender_type=r.sender_type,
            channel=r.channel,
            visible_for_customer=r.visible_for_customer,
            from_address=r.from_address,
            to=r.to,
            cc=r.cc,
            subject=r.subject,
            body_text=r.body_text,
            body_html=r.body_html,
            message_id=r.message_id,
            created_at=r.created_at,
            attachments=files.get(r.id, []),
            delivery=DeliveryOut(status=r.delivery_status, detail=r.delivery_detail) if r.delivery_status else None,
        )
        for r in article_rows
    ]
    return TicketDetail(
        **summary(row),
        merged_into=await links.readable_number(session, readable, row.merged_into_id),
        archived=row.archived_at is not None,
        tags=(await tags.tags_of(session, [row.id])).get(row.id, []),
        watchers=await links.watchers_of(session, row.id),
        links=await links.links_of(session, readable, row.id),
        version=row.version,
        pending_until=row.pending_until,
        responsible=row.responsible_login,
        type=row.type_name,
        customer_user=row.customer_user,
        articles=articles,
    )


async def ticket_history(session: AsyncSession, readable: Collection[int], number: str) -> list[HistoryOut] | None:
    ticket_id = await readable_ticket_id(session, readable, number)
    if ticket_id is None:
        return None
    h = ticket_tables.history
    rows = (await session.execute(select(h).where(h.c.ticket_id == ticket_id).order_by(h.c.id))).all()
    hidden = await _unreadable_numbers(session, readable, rows)
    return [
        HistoryOut(id=r.id, type=r.type, actor=r.actor, created_at=r.created_at, old=r.old, new=r.new, note=r.note)
        for r in rows
        if not (r.type in _NAMES_A_TICKET and {r.old, r.new} & hidden)
    ]


_NAMES_A_TICKET = {HistoryType.LINK, HistoryType.UNLINK, HistoryType.MERGED, HistoryType.SPLIT}
"""History types whose old/new value is another ticket's number."""


async def _unreadable_numbers(session: AsyncSession, readable: Collection[int], rows: Sequence[Row]) -> set[str]:
    """Numbers named in the history that the caller may not read: their entries are left
    out, so that a link to a board ticket does not tell the bookkeeper it exists."""
    named = {v for r in rows if r.type in _NAMES_A_TICKET for v in (r.old, r.new) if v}
    if not named:
        return set()
    visible = await session.execute(select(t.c.number).where(t.c.number.in_(named), t.c.queue_id.in_(readable)))
    return named - set(visible.scalars())


@dataclass(frozen=True)
class FileContent:
    filename: str
    content_type: str
    content: bytes


async def attachment(
    session: AsyncSession, readable: Collection[int], number: str, attachment_id: int
) -> FileContent | None:
    row = (
        await session.execute(
            select(att.c.filename, att.c.content_type, ticket_tables.blobs.c.content)
            .join(ticket_tables.blobs, ticket_tables.blobs.c.sha256 == att.c.sha256)
            .join(a, a.c.id == att.c.article_id)
            .join(t, t.c.id == a.c.ticket_id)
            .where(att.c.id == attachment_id, t.c.number == number, t.c.queue_id.in_(readable))
        )
    ).first()
    return FileContent(row.filename, row.content_type, row.content) if row else None
