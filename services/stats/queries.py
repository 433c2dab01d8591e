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


class TicketDayRow(QueueDayRow):
    """Tickets created (``count``), closed, moved in and out of the queue on the day."""

    closed: int = 0
    moved_in: int = 0
    moved_out: int = 0


class TicketDayReport(BaseModel):
    rows: list[TicketDayRow]
    total: int


TICKET_COLUMNS = {
    Metric.TICKETS_CREATED: "count",
    Metric.TICKETS_CLOSED: "closed",
    Metric.MOVED_IN: "moved_in",
    Metric.MOVED_OUT: "moved_out",
}


async def _counts(
    database: Database, metrics: list[Metric], readable_queue_ids: list[int], first: date | None, last: date | None
) -> list[dict]:
    c, n = queue_day_counts.c, queue_names.c
    query = (
        select(c.metric, c.day, c.queue_id, func.coalesce(n.name, "").label("queue"), c.count)
        .select_from(queue_day_counts.outerjoin(queue_names, n.queue_id == c.queue_id))
        .where(c.metric.in_([str(m) for m in metrics]), c.queue_id.in_(readable_queue_ids))
        .order_by(c.day, n.name, c.queue_id)
    )
    if first is not None:
        query = query.where(c.day >= first)
    if last is not None:
        query = query.where(c.day <= last)
    async with database.sessions() as session:
        return [dict(r) for r in (await session.execute(query)).mappings()]


async def per_queue_and_day(
    database: Database, metric: Metric, *, readable_queue_ids: list[int], first: date | None, last: date | None
) -> QueueDayReport:
    """Counts of ``metric`` per day and queue, inclusive of both days, readable queues only."""
    rows = [QueueDayRow.model_validate(r) for r in await _counts(database, [metric], readable_queue_ids, first, last)]
    return QueueDayReport(rows=rows, total=sum(r.count for r in rows))


async def tickets_per_queue_and_day(
    database: Database, *, readable_queue_ids: list[int], first: date | None, last: date | None
) -> TicketDayReport:
    """One row per day and queue with any of the ticket counts; ``total`` sums the tickets created."""
    rows: dict[tuple[date, int], dict] = {}
    for r in await _counts(database, list(TICKET_COLUMNS), readable_queue_ids, first, last):
        row = rows.setdefault(
            (r["day"], r["queue_id"]), {"day": r["day"], "queue_id": r["queue_id"], "queue": r["queue"], "count": 0}
        )
        row[TICKET_COLUMNS[Metric(r["metric"])]] = r["count"]
    report = [TicketDayRow.model_validate(row) for row in rows.values()]
    return TicketDayReport(rows=report, total=sum(r.count for r in report))
