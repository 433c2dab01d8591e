"""Read side of the projection for the analyst API (schemas, never ORM rows)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import func, select

from services.stats.adapters.orm import queue_day_counts, queue_names
from services.stats.domain.projection import Metric
from shared.db import Database


class QueueDayRow(BaseModel):
    day: date
    queue_id: int
    queue: str
    count: int


class QueueDayReport(BaseModel):
    rows: list[QueueDayRow]
    total: int


async def per_queue_and_day(
    database: Database, metric: Metric, *, readable_queue_ids: list[int], first: date | None, last: date | None
) -> QueueDayReport:
    """Counts of ``metric`` per day and queue, inclusive of both days, readable queues only."""
    c, n = queue_day_counts.c, queue_names.c
    query = (
        select(c.day, c.queue_id, func.coalesce(n.name, "").label("queue"), c.count)
        .select_from(queue_day_counts.outerjoin(queue_names, n.queue_id == c.queue_id))
        .where(c.metric == str(metric), c.queue_id.in_(readable_queue_ids))
        .order_by(c.day, n.name, c.queue_id)
    )
    if first is not None:
        query = query.where(c.day >= first)
    if last is not None:
        query = query.where(c.day <= last)
    async with database.sessions() as session:
        rows = [QueueDayRow.model_validate(dict(r)) for r in (await session.execute(query)).mappings()]
    return QueueDayReport(rows=rows, total=sum(r.count for r in rows))
