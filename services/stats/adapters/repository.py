"""Writes of the projection: atomic upserts, so concurrent consumers never lose a count."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from services.stats.adapters.orm import queue_day_counts, queue_names
from services.stats.domain.projection import Increment, QueueName


class ProjectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite

    async def add(self, increment: Increment) -> None:
        statement = self._dialect.insert(queue_day_counts).values(
            metric=str(increment.metric), day=increment.day, queue_id=increment.queue_id, count=1
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["metric", "day", "queue_id"], set_={"count": queue_day_counts.c.count + 1}
            )
        )

    async def name_queue(self, name: QueueName) -> None:
        """Keep the name of the newest event; an older event arriving late changes nothing."""
        statement = self._dialect.insert(queue_names).values(queue_id=name.queue_id, name=name.name, as_of=name.as_of)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["queue_id"],
                set_={"name": statement.excluded.name, "as_of": statement.excluded.as_of},
                where=queue_names.c.as_of < statement.excluded.as_of,
            )
        )
