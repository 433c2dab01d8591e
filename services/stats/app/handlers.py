"""Event handlers of the projection: claim the event, count it, name its queue, commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from services.stats.app.unit_of_work import StatsUnitOfWork
from services.stats.domain.projection import Increment, Metric, QueueName, count
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
    await record(envelope, [count(metric, queue_id, at)], {queue_id: queue}, uow_factory=uow_factory)


async def record(
    envelope: Envelope,
    increments: list[Increment],
    names: dict[int, str],
    *,
    uow_factory: Callable[[], StatsUnitOfWork],
) -> None:
    """Count ``increments`` once per event (the inbox claim) and remember the queue ``names`` it shows."""
    async with uow_factory() as uow:
        if not await uow.claim(CONSUMER, envelope):
            return
        for increment in increments:
            await uow.projection.add(increment)
        for queue_id, queue in names.items():
            await uow.projection.name_queue(QueueName(queue_id, queue, envelope.occurred_at))
        await uow.commit()
