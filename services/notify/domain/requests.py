"""Which mails a ticket or account event asks for, without I/O."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.notify.domain.model import Purpose
from services.notify.domain.notifications import reminder_mail
from shared.contracts.common import OutboundMail
from shared.contracts.tickets import (
    ArticleAddedV1,
    AutoReply,
    MailRequestedV1,
    PendingReminderReachedV1,
    TicketCreatedV1,
)


@dataclass(frozen=True)
class MailRequest:
    """A mail one event asks for (a ticket's, or an account's)."""

    mail: OutboundMail
    purpose: Purpose
    ticket_id: int | None  # None for a mail about an account
    queue_id: int | None
    article_id: int | None = None
    auto_reply: AutoReply | None = None


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


def account_requests(event: MailRequestedV1) -> list[MailRequest]:
    return [MailRequest(event.mail, Purpose.ACCOUNT, ticket_id=None, queue_id=None)]
