"""Bus adapters: which events the projection counts, and by which of their fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from services.stats.app.handlers import count_event, record
from services.stats.app.unit_of_work import StatsUnitOfWork
from services.stats.domain.projection import Metric, closing, moving
from shared.bus import EventHandler
from shared.contracts import parse
from shared.contracts.tickets import ArticleAddedV1, TicketCreatedV1, TicketMovedV1, TicketUpdatedV1
from shared.envelope import Envelope


def make_handlers(uow_factory: Callable[[], StatsUnitOfWork]) -> Mapping[str, EventHandler]:
    async def on_ticket_created(envelope: Envelope) -> None:
        event = parse(envelope)
        assert isinstance(event, TicketCreatedV1)
        await count_event(
            envelope,
            metric=Metric.TICKETS_CREATED,
            queue_id=event.queue_id,
            queue=event.queue,
            at=event.created_at,
            uow_factory=uow_factory,
        )

    async def on_article_added(envelope: Envelope) -> None:
        event = parse(envelope)
        assert isinstance(event, ArticleAddedV1)
        await count_event(
            envelope,
            metric=Metric.ARTICLES_ADDED,
            queue_id=event.queue_id,
            queue=event.queue,
            at=event.created_at,
            uow_factory=uow_factory,
        )

    async def on_ticket_updated(envelope: Envelope) -> None:
        event = parse(envelope)
        assert isinstance(event, TicketUpdatedV1)
        now = event.ticket
        increments = closing(event.previous_state_type, now.state_type, now.queue_id, event.changed_at)
        await record(envelope, increments, {now.queue_id: now.queue}, uow_factory=uow_factory)

    async def on_ticket_moved(envelope: Envelope) -> None:
        event = parse(envelope)
        assert isinstance(event, TicketMovedV1)
        now = event.ticket
        await record(
            envelope,
            moving(event.from_queue_id, now.queue_id, event.changed_at),
            {event.from_queue_id: event.from_queue, now.queue_id: now.queue},
            uow_factory=uow_factory,
        )

    return {
        TicketCreatedV1.TYPE: on_ticket_created,
        ArticleAddedV1.TYPE: on_article_added,
        TicketUpdatedV1.TYPE: on_ticket_updated,
        TicketMovedV1.TYPE: on_ticket_moved,
    }
