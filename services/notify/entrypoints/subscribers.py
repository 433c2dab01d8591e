"""Bus adapters: read a ticket event, say which mails it asks for, hand over to the app."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from services.notify.app.handlers import MailRequest, queue_mails
from services.notify.app.unit_of_work import NotifyUnitOfWork
from services.notify.domain.model import Purpose
from services.notify.domain.notifications import reminder_mail
from services.notify.settings import NotifySettings
from shared.contracts.tickets import ArticleAddedV1, PendingReminderReachedV1, TicketCreatedV1
from shared.envelope import Envelope
from shared.handlers import EventHandlers


def created_requests(event: TicketCreatedV1) -> list[MailRequest]:
    if event.auto_reply is None:
        return []
    return [
        MailRequest(
            event.auto_reply.mail, Purpose.AUTO_REPLY, event.ticket_id, event.queue_id, auto_reply=event.auto_reply
        )
    ]


def article_requests(event: ArticleAddedV1) -> list[MailRequest]:
    requests = []
    if event.outbound_mail is not None:
        requests.append(
            MailRequest(event.outbound_mail, Purpose.ARTICLE, event.ticket_id, event.queue_id, event.article_id)
        )
    if event.auto_reply is not None:
        requests.append(
            MailRequest(
                event.auto_reply.mail,
                Purpose.AUTO_REPLY,
                event.ticket_id,
                event.queue_id,
                event.article_id,
                auto_reply=event.auto_reply,
            )
        )
    return requests


def reminder_requests(event: PendingReminderReachedV1, event_id: uuid.UUID, sender: str) -> list[MailRequest]:
    mail = reminder_mail(event, event_id, sender)
    return [] if mail is None else [MailRequest(mail, Purpose.NOTIFICATION, event.ticket_id, event.ticket.queue_id)]


def make_handlers(
    uow_factory: Callable[[], NotifyUnitOfWork], settings: NotifySettings, wake: Callable[[], None]
) -> EventHandlers:
    async def on_ticket_created(event: TicketCreatedV1, envelope: Envelope) -> None:
        await queue_mails(envelope, created_requests(event), uow_factory=uow_factory, settings=settings, wake=wake)

    async def on_article_added(event: ArticleAddedV1, envelope: Envelope) -> None:
        await queue_mails(envelope, article_requests(event), uow_factory=uow_factory, settings=settings, wake=wake)

    async def on_reminder_reached(event: PendingReminderReachedV1, envelope: Envelope) -> None:
        requests = reminder_requests(event, envelope.id, settings.notification_from)
        await queue_mails(envelope, requests, uow_factory=uow_factory, settings=settings, wake=wake)

    return EventHandlers(
        {
            TicketCreatedV1: on_ticket_created,
            ArticleAddedV1: on_article_added,
            PendingReminderReachedV1: on_reminder_reached,
        }
    )
