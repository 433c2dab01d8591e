"""The queue's auto-response to a new ticket, rendered as a mail for notify.

Notify decides whether it may go out (loop protection, rate limits); tickets only
renders it. Its Message-ID is ours, remembered so that a reply to the auto-reply
threads into the ticket.
"""

from __future__ import annotations

import uuid

from services.tickets.adapters.directory import QueueInfo
from services.tickets.domain import templates
from services.tickets.domain.model import Ticket
from services.tickets.domain.numbering import subject_with_hook
from shared.contracts.common import OutboundMail
from shared.contracts.ingest import MessageReceivedV1
from shared.contracts.tickets import AutoReply, InboundFlags


def make_message_id(number: str, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "umlauf.invalid"
    return f"<{number}.{uuid.uuid4().hex}@{domain}>"


def render_auto_reply(queue: QueueInfo, ticket: Ticket, message: MessageReceivedV1, hook: str) -> AutoReply | None:
    """None when the queue has no auto-response, no address to send from, or nobody to answer."""
    recipients = message.reply_to or ([message.from_address] if message.from_address else [])
    if not queue.auto_response or not queue.address or not recipients:
        return None
    variables = {
        "ticket": templates.TicketVars(number=ticket.number, title=ticket.title),
        "customer": templates.CustomerVars(email=message.from_address, name=message.from_name or message.from_address),
        "queue": templates.QueueVars(name=queue.name),
    }
    body = templates.compose(
        templates.render(queue.salutation or "", **variables),
        templates.render(queue.auto_response, **variables),
        templates.render(queue.signature or "", **variables),
    )
    references = list(message.references)
    if message.message_id and message.message_id not in references:
        references.append(message.message_id)
    mail = OutboundMail(
        from_address=queue.address,
        from_name=queue.address_name or None,
        to=recipients[:1],
        subject=subject_with_hook(message.subject or ticket.title, hook, ticket.number),
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
    return AutoReply(mail=mail, inbound=inbound)
