"""Notify's wiring: the sender on its transport, and the events that queue mails, bound to their handlers.

The same function builds the service on SQL and a real transport (``main.build``)
and on the in-memory fakes of the unit tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from services.notify.app import handlers
from services.notify.app.handlers import UnitOfWorkFactory
from services.notify.app.sender import Sender
from services.notify.app.transport import Transport
from services.notify.settings import NotifySettings
from shared.contracts.tickets import ArticleAddedV1, MailRequestedV1, PendingReminderReachedV1, TicketCreatedV1
from shared.handlers import EventHandlers


@dataclass(frozen=True)
class Notify:
    handlers: EventHandlers
    sender: Sender


def bootstrap(uow_factory: UnitOfWorkFactory, transport: Transport, settings: NotifySettings) -> Notify:
    sender = Sender(uow_factory, transport, settings)
    deps = {"uow_factory": uow_factory, "settings": settings, "wake": sender.wake}
    return Notify(
        handlers=EventHandlers(
            {
                TicketCreatedV1: partial(handlers.on_ticket_created, **deps),
                ArticleAddedV1: partial(handlers.on_article_added, **deps),
                PendingReminderReachedV1: partial(handlers.on_reminder_reached, **deps),
                MailRequestedV1: partial(handlers.on_mail_requested, **deps),
            }
        ),
        sender=sender,
    )
