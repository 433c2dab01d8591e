"""Bus adapters: which events the projection counts, and by which of their fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from services.stats.app.handlers import count_event
from services.stats.app.unit_of_work import StatsUnitOfWork
from services.stats.domain.projection import Metric
from shared.bus import EventHandler
from shared.contracts import parse
from shared.contracts.tickets import ArticleAddedV1, TicketCreatedV1
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

    return {TicketCreatedV1.TYPE: on_ticket_created, ArticleAddedV1.TYPE: on_article_added}
