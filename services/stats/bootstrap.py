"""Stats' wiring: the events it consumes, each bound to its handler and a unit-of-work factory.

The same function builds the service's handlers on SQL (``main.build``) and on the
in-memory fake of the unit tests.
"""

from __future__ import annotations

from functools import partial

from services.stats.app import handlers
from services.stats.app.handlers import UnitOfWorkFactory
from shared.contracts.tickets import ArticleAddedV1, TicketCreatedV1, TicketMovedV1, TicketUpdatedV1
from shared.handlers import EventHandlers


def bootstrap(uow_factory: UnitOfWorkFactory) -> EventHandlers:
    return EventHandlers(
        {
            TicketCreatedV1: partial(handlers.on_ticket_created, uow_factory=uow_factory),
            ArticleAddedV1: partial(handlers.on_article_added, uow_factory=uow_factory),
            TicketUpdatedV1: partial(handlers.on_ticket_updated, uow_factory=uow_factory),
            TicketMovedV1: partial(handlers.on_ticket_moved, uow_factory=uow_factory),
        }
    )
