"""Bus adapters: which events the projection counts, and by which of their fields."""

from __future__ import annotations

from collections.abc import Callable

from services.stats.app.handlers import count_event, record
from services.stats.app.unit_of_work import StatsUnitOfWork
from services.stats.domain.projection import Metric, closing, moving
from shared.contracts.tickets import ArticleAddedV1, TicketCreatedV1, TicketMovedV1, TicketUpdatedV1
from shared.envelope import Envelope
from shared.handlers import EventHandlers


def make_handlers(uow_factory: Callable[[], StatsUnitOfWork]) -> EventHandlers:
    async def on_ticket_created(event: TicketCreatedV1, envelope: Envelope) -> None:
        await count_event(
            envelope,
            metric=Metric.TICKETS_CREATED,
            queue_id=event.queue_id,
            queue=event.queue,
            at=event.created_at,
            uow_factory=uow_factory,
        )

    async def on_article_added(event: ArticleAddedV1, envelope: Envelope) -> None:
        await count_event(
            envelope,
            metric=Metric.ARTICLES_ADDED,
            queue_id=event.queue_id,
            queue=event.queue,
            at=event.created_at,
            uow_factory=uow_factory,
        )

    async def on_ticket_updated(event: TicketUpdatedV1, envelope: Envelope) -> None:
        now = event.ticket
        increments = closing(event.previous_state_type, now.state_type, now.queue_id, event.changed_at)
        await record(envelope, increments, {now.queue_id: now.queue}, uow_factory=uow_factory)

    async def on_ticket_moved(event: TicketMovedV1, envelope: Envelope) -> None:
        now = event.ticket
        await record(
            envelope,
            moving(event.from_queue_id, now.queue_id, event.changed_at),
            {event.from_queue_id: event.from_queue, now.queue_id: now.queue},
            uow_factory=uow_factory,
        )

    return EventHandlers(
        {
            TicketCreatedV1: on_ticket_created,
            ArticleAddedV1: on_article_added,
            TicketUpdatedV1: on_ticket_updated,
            TicketMovedV1: on_ticket_moved,
        }
    )
