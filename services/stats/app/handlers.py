"""Event handlers of the projection: claim the event, count it, name its queue, commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from services.stats.app.unit_of_work import StatsUnitOfWork
from services.stats.domain.projection import Metric, QueueName, count
from shared.envelope import Envelope

CONSUMER = "stats"


async def count_event(
    envelope: Envelope,
    *,
    metric: Metric,
    queue_id: int,
    queue: str,
    at: datetime,
    uow_factory: Callable[[], StatsUnitOfWork],
) -> None:
    async with uow_factory() as uow:
        if not await uow.claim(CONSUMER, envelope):
            return
        await uow.projection.add(count(metric, queue_id, at))
        await uow.projection.name_queue(QueueName(queue_id, queue, envelope.occurred_at))
        await uow.commit()
