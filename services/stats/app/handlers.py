"""Event handlers of the projection: claim the event, count it, name its queue, commit.

Each takes the typed event, its envelope (the inbox claims the envelope's id) and
a factory of units of work; :mod:`services.stats.bootstrap` binds the factory.
"""

from __future__ import annotations

from collections.abc import Callable

from services.stats.app.unit_of_work import StatsUnitOfWork
from services.stats.domain.projection import Increment, Metric, QueueName, closing, count, moving
from shared.contracts.tickets import ArticleAddedV1, TicketCreatedV1, TicketMovedV1, TicketUpdatedV1
from shared.envelope import Envelope

CONSUMER = "stats"

UnitOfWorkFactory = Callable[[], StatsUnitOfWork]


async def on_ticket_created(event: TicketCreatedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory) -> None:
    increments = [count(Metric.TICKETS_CREATED, event.queue_id, event.created_at)]
    await record(envelope, increments, {event.queue_id: event.queue}, uow_factory=uow_factory)


async def on_article_added(event: ArticleAddedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory) -> None:
    increments = [count(Metric.ARTICLES_ADDED, event.queue_id, event.created_at)]
    await record(envelope, increments, {event.queue_id: event.queue}, uow_factory=uow_factory)


async def on_ticket_updated(event: TicketUpdatedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory) -> None:
    now = event.ticket
    increments = closing(event.previous_state_type, now.state_type, now.queue_id, event.changed_at)
    await record(envelope, increments, {now.queue_id: now.queue}, uow_factory=uow_factory)


async def on_ticket_moved(event: TicketMovedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory) -> None:
    now = event.ticket
    increments = moving(event.from_queue_id, now.queue_id, event.changed_at)
    names = {event.from_queue_id: event.from_queue, now.queue_id: now.queue}
    await record(envelope, increments, names, uow_factory=uow_factory)


async def record(
    envelope: Envelope, increments: list[Increment], names: dict[int, str], *, uow_factory: UnitOfWorkFactory
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
