"""Articles as whole things: copy one (split), move all (merge), record delivery, find what to answer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.adapters.search_index import SearchIndex
from services.tickets.ticketing.domain import delivery
from services.tickets.ticketing.domain.articles import Article, Channel, NewAttachment, SenderType
from services.tickets.ticketing.domain.delivery import DeliveryStatus

a, att = ticket_tables.articles, ticket_tables.attachments


@dataclass(frozen=True)
class SentMail:
    id: int
    ticket_id: int
    message_id: str | None


class ArticleStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, article_id: int, ticket_id: int) -> Article | None:
        """An article of that ticket with its attachments' content (None if it is not on that ticket)."""
        row = (await self.session.execute(select(a).where(a.c.id == article_id, a.c.ticket_id == ticket_id))).first()
        if row is None:
            return None
        files = (
            await self.session.execute(
                select(
                    att.c.filename, att.c.content_type, att.c.content_id, att.c.inline, ticket_tables.blobs.c.content
                )
                .join(ticket_tables.blobs, ticket_tables.blobs.c.sha256 == att.c.sha256)
                .where(att.c.article_id == article_id)
                .order_by(att.c.id)
            )
        ).all()
        return Article(
            sender_type=SenderType(row.sender_type),
            channel=Channel(row.channel),
            created_at=row.created_at,
            created_by=row.created_by,
            visible_for_customer=row.visible_for_customer,
            from_address=row.from_address,
            to=list(row.to),
            cc=list(row.cc),
            subject=row.subject,
            body_text=row.body_text,
            body_html=row.body_html,
            message_id=row.message_id,
            in_reply_to=row.in_reply_to,
            references=list(row.references),
            attachments=[NewAttachment(f.filename, f.content_type, f.content, f.content_id, f.inline) for f in files],
            id=row.id,
        )

    async def sent_with_message_id(self, message_ids: list[str]) -> SentMail | None:
        """An article of ours whose Message-ID is one of ``message_ids`` (what a bounce reports on)."""
        a = ticket_tables.articles.c
        query = select(a.id, a.ticket_id, a.message_id).where(a.message_id.in_(message_ids))
        row = (await self.session.execute(query)).first()
        return SentMail(row.id, row.ticket_id, row.message_id) if row else None

    async def latest(self, ticket_id: int) -> int | None:
        """The id of the ticket's newest article."""
        return (await self.session.execute(select(func.max(a.c.id)).where(a.c.ticket_id == ticket_id))).scalar()

    async def move_all(self, source_id: int, target_id: int) -> None:
        """Articles and the Message-IDs that thread into them now belong to ``target``."""
        await self.session.execute(update(a).where(a.c.ticket_id == source_id).values(ticket_id=target_id))
        m = ticket_tables.message_ids
        await self.session.execute(update(m).where(m.c.ticket_id == source_id).values(ticket_id=target_id))
        await SearchIndex(self.session).move(source_id, target_id)

    async def record_delivery(self, article_id: int, status: DeliveryStatus, detail: str) -> None:
        """Keep the most final delivery status of an article (reports may come in any order)."""
        a = ticket_tables.articles
        current = (
            await self.session.execute(select(a.c.delivery_status).where(a.c.id == article_id).with_for_update())
        ).first()
        if current is None:
            return
        kept = delivery.merge(DeliveryStatus(current[0]) if current[0] else None, status)
        if kept is status:
            await self.session.execute(
                update(a)
                .where(a.c.id == article_id)
                .values(delivery_status=status.value, delivery_detail=detail[:4000])
            )

    async def last_customer_mail(self, ticket_id: int) -> tuple[str, list[str]] | None:
        """Message-ID and References of the customer's latest mail on the ticket (what a reply answers)."""
        a = ticket_tables.articles
        row = (
            await self.session.execute(
                select(a.c.message_id, a.c.references)
                .where(a.c.ticket_id == ticket_id, a.c.sender_type == "customer", a.c.message_id.is_not(None))
                .order_by(a.c.id.desc())
                .limit(1)
            )
        ).first()
        return (row.message_id, list(row.references)) if row else None

    async def participants(self, ticket_id: int) -> set[str]:
        """Every address that wrote or was written to on the ticket, lower-cased."""
        rows = (
            await self.session.execute(select(a.c.from_address, a.c.to, a.c.cc).where(a.c.ticket_id == ticket_id))
        ).all()
        found: set[str] = set()
        for row in rows:
            found.update(x.lower() for x in [row.from_address, *row.to, *row.cc] if x)
        return found
