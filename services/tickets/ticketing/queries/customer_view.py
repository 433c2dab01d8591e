"""What a customer sees: his (or his company's) tickets, and only the articles meant for him."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.identity.app.customer_auth import CustomerCaller
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.queries.schemas import ArticleOut, AttachmentOut, CustomerTicket, CustomerTicketDetail
from services.tickets.ticketing.queries.schemas import CustomerTicketPage as Page
from services.tickets.ticketing.queries.tickets import FileContent

t, s, a, att = ticket_tables.tickets, ticket_tables.ticket_states, ticket_tables.articles, ticket_tables.attachments


def _theirs(caller: CustomerCaller) -> ColumnElement[bool]:
    return or_(t.c.customer_user.in_(caller.logins), func.lower(t.c.customer_email).in_(caller.emails))


def _query(caller: CustomerCaller) -> Select[Any]:
    return (
        select(
            t.c.id,
            t.c.number,
            t.c.title,
            s.c.name.label("state"),
            s.c.type.label("state_type"),
            t.c.created_at,
            t.c.changed_at,
        )
        .join(s, s.c.id == t.c.state_id)
        .where(_theirs(caller), s.c.type != "removed")
    )


def _ticket(row: Row[Any]) -> dict[str, Any]:
    return {
        "number": row.number,
        "title": row.title,
        "state": row.state,
        "state_type": row.state_type,
        "created_at": row.created_at,
        "changed_at": row.changed_at,
    }


async def tickets(session: AsyncSession, caller: CustomerCaller, limit: int, offset: int) -> Page:
    query = _query(caller)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = (
        await session.execute(query.order_by(t.c.created_at.desc(), t.c.id.desc()).limit(limit).offset(offset))
    ).all()
    return Page(total=total, items=[CustomerTicket(**_ticket(r)) for r in rows])


async def ticket(session: AsyncSession, caller: CustomerCaller, number: str) -> CustomerTicketDetail | None:
    row = (await session.execute(_query(caller).where(t.c.number == number))).first()
    if row is None:
        return None
    visible = (
        await session.execute(
            select(a).where(a.c.ticket_id == row.id, a.c.visible_for_customer.is_(True)).order_by(a.c.id)
        )
    ).all()
    files: dict[int, list[AttachmentOut]] = {}
    for f in (await session.execute(select(att).where(att.c.article_id.in_([v.id for v in visible])))).all():
        files.setdefault(f.article_id, []).append(
            AttachmentOut(id=f.id, filename=f.filename, content_type=f.content_type, size=f.size)
        )
    articles = [
        ArticleOut(
            id=v.id,
            sender_type=v.sender_type,
            channel=v.channel,
            visible_for_customer=True,
            from_address=v.from_address,
            to=v.to,
            cc=v.cc,
            subject=v.subject,
            body_text=v.body_text,
            body_html=v.body_html,
            message_id=v.message_id,
            created_at=v.created_at,
            attachments=files.get(v.id, []),
            delivery=None,
        )
        for v in visible
    ]
    return CustomerTicketDetail(**_ticket(row), articles=articles)


async def attachment(
    session: AsyncSession, caller: CustomerCaller, number: str, attachment_id: int
) -> FileContent | None:
    row = (
        await session.execute(
            select(att.c.filename, att.c.content_type, ticket_tables.blobs.c.content)
            .join(ticket_tables.blobs, ticket_tables.blobs.c.sha256 == att.c.sha256)
            .join(a, a.c.id == att.c.article_id)
            .join(t, t.c.id == a.c.ticket_id)
            .join(s, s.c.id == t.c.state_id)
            .where(
                att.c.id == attachment_id,
                t.c.number == number,
                a.c.visible_for_customer.is_(True),
                _theirs(caller),
                s.c.type != "removed",
            )
        )
    ).first()
    return FileContent(row.filename, row.content_type, row.content) if row else None
