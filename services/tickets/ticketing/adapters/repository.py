"""Loads and saves ticket aggregates; no commit here (the unit of work commits)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.errors import StaleVersion
from services.tickets.sql import insert_ignore, upsert_increment
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.adapters.search_index import TITLE, SearchIndex
from services.tickets.ticketing.domain.articles import Article
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.states import State, StateType

t, s = ticket_tables.tickets, ticket_tables.ticket_states


class TicketRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._loaded_versions: dict[int, int] = {}
        self._state_ids: dict[str, int] = {}
        self._titles: dict[int, str] = {}
        self.search = SearchIndex(session)

    async def next_counter(self, key: str) -> int:
        """The next value of a ticket-number counter, inside the current transaction."""
        return (
            await self.session.execute(
                upsert_increment(self.session, ticket_tables.ticket_counters, "name", "value", key)
            )
        ).scalar_one()

    async def exists(self, ticket_id: int) -> bool:
        """Whether the ticket is there: one indexed lookup, without loading it and its tags."""
        return (await self.session.execute(select(t.c.id).where(t.c.id == ticket_id))).first() is not None

    async def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None:
        query = select(t, s.c.name.label("state_name"), s.c.type.label("state_type")).join(s).where(t.c.id == ticket_id)
        if for_update:
            query = query.with_for_update(of=t)
        row = (await self.session.execute(query)).mappings().first()
        if row is None:
            return None
        self._loaded_versions[row["id"]] = row["version"]
        self._titles[row["id"]] = row["title"]
        return Ticket(
            id=row["id"],
            number=row["number"],
            title=row["title"],
            queue_id=row["queue_id"],
            state=State(row["state_name"], StateType(row["state_type"])),
            priority=row["priority"],
            created_at=row["created_at"],
            changed_at=row["changed_at"],
            customer_email=row["customer_email"],
            customer_user=row["customer_user"],
            owner_id=row["owner_id"],
            responsible_id=row["responsible_id"],
            locked=row["locked"],
            pending_until=row["pending_until"],
            ticket_type=row["type_name"],
            version=row["version"],
            merged_into_id=row["merged_into_id"],
            archived_at=row["archived_at"],
            closed_at=row["closed_at"],
            first_response_at=row["first_response_at"],
            tags=set(
                (
                    await self.session.execute(
                        select(ticket_tables.ticket_tags.c.tag).where(
                            ticket_tables.ticket_tags.c.ticket_id == ticket_id
                        )
                    )
                )
                .scalars()
                .all()
            ),
        )

    async def brief(self, number: str, queue_ids: list[int]) -> Row[Any] | None:
        """Number, title, customer and queue of a ticket in one of ``queue_ids`` (what a template needs)."""
        query = select(t.c.number, t.c.title, t.c.customer_email, t.c.queue_id)
        return (await self.session.execute(query.where(t.c.number == number, t.c.queue_id.in_(queue_ids)))).first()

    async def id_by_number(self, number: str) -> int | None:
        return (await self.session.execute(select(t.c.id).where(t.c.number == number))).scalar_one_or_none()

    async def id_by_message_ids(self, ids: list[str]) -> int | None:
        """The ticket of the first Message-ID in ``ids`` that we know (most specific first)."""
        if not ids:
            return None
        rows = (
            await self.session.execute(
                select(ticket_tables.message_ids.c.message_id, ticket_tables.message_ids.c.ticket_id).where(
                    ticket_tables.message_ids.c.message_id.in_(ids)
                )
            )
        ).all()
        known = dict(rows)
        return next((known[i] for i in ids if i in known), None)

    async def remember_message_id(
        self, message_id: str, ticket_id: int, purpose: str, article_id: int | None = None
    ) -> None:
        statement = insert_ignore(self.session, ticket_tables.message_ids, ["message_id"]).values(
            message_id=message_id, ticket_id=ticket_id, article_id=article_id, purpose=purpose
        )
        await self.session.execute(statement)

    async def _state_id(self, state: State) -> int:
        if state.name not in self._state_ids:
            self._state_ids[state.name] = (
                await self.session.execute(select(s.c.id).where(s.c.name == state.name))
            ).scalar_one()
        return self._state_ids[state.name]

    async def _columns(self, ticket: Ticket) -> dict:
        return {
            "number": ticket.number,
            "title": ticket.title[:500],
            "queue_id": ticket.queue_id,
            "state_id": await self._state_id(ticket.state),
            "priority": ticket.priority,
            "type_name": ticket.ticket_type,
            "customer_email": ticket.customer_email,
            "customer_user": ticket.customer_user,
            "owner_id": ticket.owner_id,
            "responsible_id": ticket.responsible_id,
            "locked": ticket.locked,
            "pending_until": ticket.pending_until,
            "created_at": ticket.created_at,
            "changed_at": ticket.changed_at,
            "version": ticket.version,
            "merged_into_id": ticket.merged_into_id,
            "archived_at": ticket.archived_at,
            "closed_at": ticket.closed_at,
            "first_response_at": ticket.first_response_at,
        }

    async def add(self, ticket: Ticket) -> None:
        result = await self.session.execute(insert(t).values(await self._columns(ticket)).returning(t.c.id))
        ticket.id = result.scalar_one()
        self._loaded_versions[ticket.id] = ticket.version
        await self._write_changes(ticket)

    async def save(self, ticket: Ticket) -> None:
        """Write a changed ticket; a concurrent change since it was loaded is a :class:`StaleVersion`."""
        assert ticket.id is not None
        loaded = self._loaded_versions[ticket.id]
        if ticket.version != loaded:
            result = await self.session.execute(
                update(t).where(t.c.id == ticket.id, t.c.version == loaded).values(await self._columns(ticket))
            )
            if result.rowcount != 1:
                raise StaleVersion(f"ticket {ticket.number} was changed by someone else")
            self._loaded_versions[ticket.id] = ticket.version
        await self._write_changes(ticket)

    async def _write_changes(self, ticket: Ticket) -> None:
        assert ticket.id is not None
        if self._titles.get(ticket.id) != ticket.title:
            await self.search.put(ticket.id, TITLE, ticket.title)
            self._titles[ticket.id] = ticket.title
        for article in ticket.new_articles:
            await self._add_article(ticket, article)
        await self._write_tags(ticket)
        if ticket.new_history:
            await self.session.execute(
                insert(ticket_tables.history),
                [
                    {
                        "ticket_id": ticket.id,
                        "type": h.type.value,
                        "actor": h.actor,
                        "created_at": h.created_at,
                        "old": h.old,
                        "new": h.new,
                        "note": h.note,
                    }
                    for h in ticket.new_history
                ],
            )
        ticket.new_articles.clear()
        ticket.new_history.clear()

    async def _write_tags(self, ticket: Ticket) -> None:
        tags = ticket_tables.ticket_tags
        for h in ticket.new_history:
            if h.type is HistoryType.TAG_ADD:
                await self.session.execute(insert(tags).values(ticket_id=ticket.id, tag=h.new))
            elif h.type is HistoryType.TAG_REMOVE:
                await self.session.execute(delete(tags).where(tags.c.ticket_id == ticket.id, tags.c.tag == h.old))

    async def _add_article(self, ticket: Ticket, article: Article) -> None:
        a = article
        result = await self.session.execute(
            insert(ticket_tables.articles)
            .values(
                ticket_id=ticket.id,
                sender_type=a.sender_type.value,
                channel=a.channel.value,
                visible_for_customer=a.visible_for_customer,
                from_address=a.from_address,
                to=a.to,
                cc=a.cc,
                subject=a.subject,
                body_text=a.body_text,
                body_html=a.body_html,
                message_id=a.message_id,
                in_reply_to=a.in_reply_to,
                references=a.references,
                created_at=a.created_at,
                created_by=a.created_by,
                delivery_status=a.delivery_status,
            )
            .returning(ticket_tables.articles.c.id)
        )
        article_id: int = result.scalar_one()
        article.id = article_id
        assert ticket.id is not None
        if a.message_id:
            purpose = "inbound" if a.sender_type.value == "customer" else "article"
            await self.remember_message_id(a.message_id, ticket.id, purpose, article_id)
        for attachment in a.attachments:
            digest = hashlib.sha256(attachment.content).hexdigest()
            await self.session.execute(
                insert_ignore(self.session, ticket_tables.blobs, ["sha256"]).values(
                    sha256=digest, size=len(attachment.content), content=attachment.content
                )
            )
            await self.session.execute(
                insert(ticket_tables.attachments).values(
                    article_id=article_id,
                    filename=attachment.filename,
                    content_type=attachment.content_type,
                    size=len(attachment.content),
                    sha256=digest,
                    content_id=attachment.content_id,
                    inline=attachment.inline,
                )
            )
        names = " ".join(f.filename for f in a.attachments)
        await self.search.put(ticket.id, article_id, f"{a.subject} {a.from_address or ''} {a.body_text} {names}")

    async def link(self, source_id: int, target_id: int, link_type: str) -> bool:
        """``parent_child``: source is the parent. False when the link existed."""
        statement = insert_ignore(self.session, ticket_tables.ticket_links, ["source_id", "target_id", "type"]).values(
            source_id=source_id, target_id=target_id, type=link_type, created_at=datetime.now(UTC)
        )
        return (await self.session.execute(statement)).rowcount == 1

    async def unlink(self, a_id: int, b_id: int) -> bool:
        """Remove every link between the two tickets, in either direction."""
        lk = ticket_tables.ticket_links
        pair = or_(
            and_(lk.c.source_id == a_id, lk.c.target_id == b_id), and_(lk.c.source_id == b_id, lk.c.target_id == a_id)
        )
        return (await self.session.execute(delete(lk).where(pair))).rowcount > 0

    async def add_history(
        self,
        ticket_id: int,
        type_: HistoryType,
        actor: str,
        at: datetime,
        *,
        note: str | None = None,
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        """A history entry that changes nothing else on the ticket (e.g. a delivery report)."""
        await self.session.execute(
            insert(ticket_tables.history).values(
                ticket_id=ticket_id, type=type_.value, actor=actor, created_at=at, old=old, new=new, note=note
            )
        )

    async def state_by_name(self, name: str) -> State | None:
        row = (await self.session.execute(select(s.c.name, s.c.type).where(s.c.name == name))).first()
        return State(row.name, StateType(row.type)) if row else None

    async def due_auto_close(self, now: datetime, limit: int) -> list[int]:
        """Pending-auto-close tickets whose time has come."""
        return await self._due(and_(s.c.type == StateType.PENDING_AUTO.value, t.c.pending_until <= now), limit)

    async def due_unlock(self, queue_id: int, minutes: int, now: datetime, limit: int) -> list[int]:
        """Locked new or open tickets of the queue unchanged for ``minutes`` (its unlock timeout)."""
        stale = and_(
            t.c.queue_id == queue_id,
            t.c.locked.is_(True),
            s.c.type.in_([StateType.NEW.value, StateType.OPEN.value]),
            t.c.changed_at <= now - timedelta(minutes=minutes),
        )
        return await self._due(stale, limit)

    async def due_archive(self, now: datetime, days: int, limit: int) -> list[int]:
        """Closed tickets not archived yet, closed at least ``days`` days before ``now``."""
        closed = [kind.value for kind in StateType if kind.is_closed]
        due = and_(s.c.type.in_(closed), t.c.archived_at.is_(None), t.c.closed_at <= now - timedelta(days=days))
        return await self._due(due, limit)

    async def due_reminders(self, now: datetime) -> list[tuple[int, datetime]]:
        """(ticket id, pending until) of every pending-reminder ticket whose time has come."""
        query = (
            select(t.c.id, t.c.pending_until)
            .join(s, s.c.id == t.c.state_id)
            .where(s.c.type == StateType.PENDING_REMINDER.value, t.c.pending_until <= now)
        )
        return [(row.id, row.pending_until) for row in await self.session.execute(query)]

    async def _due(self, condition: ColumnElement[bool], limit: int) -> list[int]:
        """Ids of tickets meeting ``condition``, locked for this transaction; rows another replica holds
        are skipped (``SKIP LOCKED``), so two schedulers never work the same ticket."""
        query = (
            select(t.c.id)
            .join(s, s.c.id == t.c.state_id)
            .where(condition)
            .order_by(t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=t)
        )
        return list((await self.session.execute(query)).scalars())

    async def watch(self, ticket_id: int, agent_id: int, on: bool) -> bool:
        """Subscribe or unsubscribe; False when nothing changed."""
        w = ticket_tables.ticket_watchers
        if on:
            statement = insert_ignore(self.session, w, ["ticket_id", "agent_id"]).values(
                ticket_id=ticket_id, agent_id=agent_id, created_at=datetime.now(UTC)
            )
        else:
            statement = delete(w).where(w.c.ticket_id == ticket_id, w.c.agent_id == agent_id)
        return (await self.session.execute(statement)).rowcount == 1

    async def type_exists(self, name: str) -> bool:
        found = await self.session.execute(
            select(ticket_tables.ticket_types.c.id).where(ticket_tables.ticket_types.c.name == name)
        )
        return found.first() is not None
