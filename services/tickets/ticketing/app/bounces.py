"""A bounce of our own mail: kept on the ticket it belongs to, that mail marked failed, nothing answered.

Never a new ticket and never an auto-reply for a bounce that matches; one that matches
none of our mails becomes a flagged ticket in the default queue (OTRS's postmaster
queue), see :mod:`services.tickets.ticketing.app.routing`.
"""

from __future__ import annotations

import base64

from services.tickets.ticketing.app import events
from services.tickets.ticketing.domain import bounce
from services.tickets.ticketing.domain.articles import Article, SenderType
from services.tickets.ticketing.domain.delivery import DeliveryStatus
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts.ingest import MessageReceivedV1
from shared.envelope import Envelope


async def attach_bounce(
    uow: TicketsUnitOfWork, envelope: Envelope, message: MessageReceivedV1, article: Article
) -> bool:
    """True when the bounce reports on a mail of ours and was attached to its ticket."""
    parts = [(a.content_type, base64.b64decode(a.content_b64)) for a in message.attachments]
    ids = bounce.returned_message_ids(parts, message.text_body, message.in_reply_to, list(message.references))
    if not ids:
        return False
    sent = await uow.articles.sent_with_message_id(ids)
    ticket_id = sent.ticket_id if sent else await uow.tickets.id_by_message_ids(ids)
    ticket = await uow.tickets.get(ticket_id, for_update=True) if ticket_id is not None else None
    if ticket is None or ticket.id is None:
        return False
    article.sender_type, article.visible_for_customer = SenderType.SYSTEM, False
    ticket.add_note(article, article.created_by)
    await uow.tickets.save(ticket)
    detail = bounce.failure_detail(message.text_body)
    note = f"Bounce of our mail {sent.message_id if sent else ', '.join(ids)}: delivery failed ({detail})."
    if sent is not None:
        await uow.articles.record_delivery(sent.id, DeliveryStatus.FAILED, detail)
    await uow.tickets.add_history(ticket.id, HistoryType.ROUTING, "system", article.created_at, note=note)
    queue = await uow.directory.queue(ticket.queue_id)
    assert queue is not None
    uow.emit(events.article_added(ticket, queue, article, follow_up=True, causation=envelope))
    return True
