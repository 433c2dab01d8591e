"""A queue's auto-responses, one row per kind."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind

r = directory_tables.queue_auto_responses


class AutoResponseStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, queue_id: int, kind: AutoResponseKind) -> AutoResponse | None:
        row = (
            await self.session.execute(select(r.c.subject, r.c.body).where(r.c.queue_id == queue_id, r.c.kind == kind))
        ).first()
        return AutoResponse(row.subject, row.body) if row else None

    async def of_queue(self, queue_id: int) -> dict[AutoResponseKind, AutoResponse]:
        rows = await self.session.execute(select(r.c.kind, r.c.subject, r.c.body).where(r.c.queue_id == queue_id))
        return {AutoResponseKind(row.kind): AutoResponse(row.subject, row.body) for row in rows}

    async def replace(self, queue_id: int, responses: dict[AutoResponseKind, AutoResponse]) -> None:
        """The queue's auto-responses become exactly ``responses`` (a kind left out has none)."""
        await self.session.execute(delete(r).where(r.c.queue_id == queue_id))
        if responses:
            await self.session.execute(
                insert(r),
                [
                    {"queue_id": queue_id, "kind": kind.value, "subject": response.subject, "body": response.body}
                    for kind, response in responses.items()
                ],
            )
