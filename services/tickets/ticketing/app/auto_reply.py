"""The queue's auto-response of one kind (new, follow-up, reject, new after closed), rendered as a mail.

Notify decides whether it may go out (loop protection, rate limits); tickets only
renders it, from the queue's templates alone: the sender's text is never quoted
(RFC 3834), only the ticket's number, title and queue and the sender's name.
Its Message-ID is ours, remembered so that a reply to the auto-reply threads
into the ticket.
"""

from __future__ import annotations

import uuid

from services.tickets.directory.domain import templates
from services.tickets.directory.domain.records import QueueInfo
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.numbering import subject_with_hook
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts.common import OutboundMail
from shared.contracts.ingest import MessageReceivedV1
from shared.contracts.tickets import AutoReply, InboundFlags


def make_message_id(number: str, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "umlauf.invalid"
    return f"<{number}.{uuid.uuid4().hex}@{domain}>"


async def prepare_auto_reply(
    uow: TicketsUnitOfWork,
    queue: QueueInfo,
    kind: AutoResponseKind,
    ticket: Ticket,
    message: MessageReceivedV1,
    hook: str,
) -> AutoReply | None:
    """The queue's auto-response of ``kind``, its Message-ID remembered so that an answer to it threads."""
    assert ticket.id is not None
    response = await uow.auto_responses.get(queue.id, kind)
    auto_reply = render_auto_reply(queue, response, kind, ticket, message, hook)
    if auto_reply is not None:
        await uow.tickets.remember_message_id(auto_reply.mail.message_id, ticket.id, "auto_reply")
    return auto_reply


def render_auto_reply(
    queue: QueueInfo,
    response: AutoResponse | None,
    kind: AutoResponseKind,
    ticket: Ticket,
    message: MessageReceivedV1,
    hook: str,
) -> AutoReply | None:
    """None when the queue has no such auto-response, no address to send from, or nobody to answer."""
    recipients = message.reply_to or ([message.from_address] if message.from_address else [])
    if response is None or not response.body.strip() or not queue.address or not recipients:
        return None
    variables = {
        "ticket": templates.TicketVars(number=ticket.number, title=ticket.title),
        "customer": templates.CustomerVars(email=message.from_address, name=message.from_name or message.from_address),
        "queue": templates.QueueVars(name=queue.name),
    }
    body = templates.compose(
        templates.render(queue.salutation or "", **variables),
        templates.render(response.body, **variables),
        templates.render(queue.signature or "", **variables),
    )
    subject = templates.render(response.subject, **variables).strip() or message.subject or ticket.title
    references = list(message.references)
    if message.message_id and message.message_id not in references:
        references.append(message.message_id)
    mail = OutboundMail(
        from_address=queue.address,
        from_name=queue.address_name or None,
        to=recipients[:1],
        subject=subject_with_hook(subject, hook, ticket.number),
        body_text=body,
        message_id=make_message_id(ticket.number, queue.address),
        in_reply_to=message.message_id,
        references=references,
        auto_submitted="auto-replied",
    )
    x_loop = [h.value for h in message.headers if h.name.lower() == "x-loop"]
    inbound = InboundFlags(
        envelope_from=message.envelope_from,
        auto_submitted=message.auto_submitted,
        is_bounce=message.is_bounce,
        is_list=message.is_list,
        x_loop=x_loop,
    )
    return AutoReply(mail=mail, inbound=inbound, kind=kind.value)
