"""Standard answers in the database: the texts, their queues and their attachments (by hash, as articles)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.domain.records import StoredTemplate
from services.tickets.sql import insert_ignore
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.domain.articles import NewAttachment

st, stq, sta = (
    directory_tables.standard_templates,
    directory_tables.standard_template_queues,
    directory_tables.standard_template_attachments,
)


class TemplateStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def id_by_name(self, name: str) -> int | None:
        return (await self.session.execute(select(st.c.id).where(st.c.name == name))).scalar_one_or_none()

    async def add(self, name: str, kind: str, body: str, now: datetime) -> int:
        return (
            await self.session.execute(
                insert(st).values(name=name, kind=kind, body=body, created_at=now, changed_at=now).returning(st.c.id)
            )
        ).scalar_one()

    async def set_queues(self, template_id: int, queue_ids: list[int]) -> None:
        await self.session.execute(delete(stq).where(stq.c.template_id == template_id))
        for queue_id in sorted(set(queue_ids)):
            await self.session.execute(insert(stq).values(template_id=template_id, queue_id=queue_id))

    async def attach(self, template_id: int, attachment: NewAttachment) -> None:
        digest = hashlib.sha256(attachment.content).hexdigest()
        size = len(attachment.content)
        await self.session.execute(
            insert_ignore(self.session, ticket_tables.blobs, ["sha256"]).values(
                sha256=digest, size=size, content=attachment.content
            )
        )
        await self.session.execute(
            insert(sta).values(
                template_id=template_id,
                filename=attachment.filename,
                content_type=attachment.content_type,
                size=size,
                sha256=digest,
            )
        )

    async def remove(self, template_id: int) -> str | None:
        """Delete the template (its queues and attachments go with it); return its name, None if unknown."""
        name = (await self.session.execute(select(st.c.name).where(st.c.id == template_id))).scalar_one_or_none()
        if name is not None:
            await self.session.execute(delete(sta).where(sta.c.template_id == template_id))
            await self.session.execute(delete(stq).where(stq.c.template_id == template_id))
            await self.session.execute(delete(st).where(st.c.id == template_id))
        return name

    async def listed(self, queue_ids: list[int] | None = None) -> list[StoredTemplate]:
        """Every template, or those assigned to one of ``queue_ids``; by name."""
        query = select(st).order_by(st.c.name)
        if queue_ids is not None:
            query = query.where(st.c.id.in_(select(stq.c.template_id).where(stq.c.queue_id.in_(queue_ids))))
        return await self._load(query)

    async def get(self, template_id: int) -> StoredTemplate | None:
        found = await self._load(select(st).where(st.c.id == template_id))
        return found[0] if found else None

    async def _load(self, query: Select[Any]) -> list[StoredTemplate]:
        rows = (await self.session.execute(query)).all()
        ids = [r.id for r in rows]
        queues: dict[int, list[int]] = {i: [] for i in ids}
        for template_id, queue_id in await self.session.execute(
            select(stq.c.template_id, stq.c.queue_id).where(stq.c.template_id.in_(ids)).order_by(stq.c.queue_id)
        ):
            queues[template_id].append(queue_id)
        files: dict[int, list[tuple[int, str, str, int]]] = {i: [] for i in ids}
        for f in await self.session.execute(select(sta).where(sta.c.template_id.in_(ids)).order_by(sta.c.id)):
            files[f.template_id].append((f.id, f.filename, f.content_type, f.size))
        return [StoredTemplate(r.id, r.name, r.kind, r.body, queues[r.id], files[r.id]) for r in rows]

    async def attachment_contents(self, template_id: int) -> list[NewAttachment]:
        rows = await self.session.execute(
            select(sta.c.filename, sta.c.content_type, ticket_tables.blobs.c.content)
            .join(ticket_tables.blobs, ticket_tables.blobs.c.sha256 == sta.c.sha256)
            .where(sta.c.template_id == template_id)
            .order_by(sta.c.id)
        )
        return [NewAttachment(r.filename, r.content_type, r.content) for r in rows]
