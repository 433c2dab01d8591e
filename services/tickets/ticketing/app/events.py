"""Ticket events as they leave the service: contract, envelope key and sequence."""

from __future__ import annotations

from services.tickets.directory.domain.records import QueueInfo
from services.tickets.ticketing.domain.articles import Article
from services.tickets.ticketing.domain.model import Ticket
from shared.contracts import new_event
from shared.contracts.common import OutboundMail
from shared.contracts.tickets import ArticleAddedV1, AutoReply, TicketCreatedV1
from shared.envelope import Envelope

SOURCE = "tickets"


def ticket_created(
    ticket: Ticket,
    queue: QueueInfo,
    *,
    origin: str,
    created_by: str,
    auto_reply: AutoReply | None = None,
    causation: Envelope | None = None,
) -> Envelope:
    assert ticket.id is not None
    payload = TicketCreatedV1(
        ticket_id=ticket.id,
        ticket_version=ticket.version,
        number=ticket.number,
        title=ticket.title,
        queue_id=queue.id,
        queue=queue.name,
        state=ticket.state.name,
        state_type=ticket.state.type.value,
        priority=ticket.priority,
        customer_email=ticket.customer_email,
        customer_id=ticket.customer_user,
        origin=origin,
        created_at=ticket.created_at,
        created_by=created_by,
        source_event_id=causation.id if causation else None,
        auto_reply=auto_reply,
    )
    return new_event(payload, source=SOURCE, causation=causation, key=str(ticket.id), sequence=ticket.version)


def article_added(
    ticket: Ticket,
    queue: QueueInfo,
    article: Article,
    *,
    follow_up: bool = False,
    outbound_mail: OutboundMail | None = None,
    auto_reply: AutoReply | None = None,
    causation: Envelope | None = None,
) -> Envelope:
    assert ticket.id is not None and article.id is not None
    payload = ArticleAddedV1(
        ticket_id=ticket.id,
        ticket_version=ticket.version,
        number=ticket.number,
        queue_id=queue.id,
        queue=queue.name,
        article_id=article.id,
        sender_type=article.sender_type.value,
        channel=article.channel.value,
        visible_for_customer=article.visible_for_customer,
        from_address=article.from_address,
        subject=article.subject,
        message_id=article.message_id,
        created_at=article.created_at,
        created_by=article.created_by,
        follow_up=follow_up,
        attachment_count=len(article.attachments),
        outbound_mail=outbound_mail,
        auto_reply=auto_reply,
    )
    return new_event(payload, source=SOURCE, causation=causation, key=str(ticket.id), sequence=ticket.version)
