"""An agent opens a ticket: a phone call taken down, an internal matter, or a mail out.

Needs ``create`` on the queue. The first article is the agent's record of the
call (sender customer, visible to the customer: what the customer said), an
internal note (sender agent, not visible), or the agent's mail to the customer
(email-out: ``ticket.created``, then ``ticket.article.added`` with the mail for notify).
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import Invalid, NotFound
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.app import events
from services.tickets.ticketing.app.creation import create_ticket, draw_number
from services.tickets.ticketing.app.reply import outgoing_mail
from services.tickets.ticketing.domain import policy
from services.tickets.ticketing.domain.articles import Article, Channel, NewAttachment, SenderType
from services.tickets.ticketing.domain.numbering import NumberGenerator
from services.tickets.unit_of_work import TicketsUnitOfWork

ORIGINS = {
    "phone": (Channel.PHONE, SenderType.CUSTOMER, True),
    "internal": (Channel.NOTE, SenderType.AGENT, False),
    "email": (Channel.EMAIL, SenderType.AGENT, True),
}


async def open_ticket(
    uow: TicketsUnitOfWork,
    caller: Caller,
    numbering: NumberGenerator,
    *,
    origin: str,
    queue: str,
    title: str,
    body_text: str,
    customer_email: str | None,
    priority: int,
    attachments: list[NewAttachment],
    hook: str,
) -> str:
    """Returns the new ticket's number."""
    if origin not in ORIGINS:
        raise Invalid(f"origin must be one of {sorted(ORIGINS)}")
    channel, sender, visible = ORIGINS[origin]
    actor, now = f"agent:{caller.agent.login}", datetime.now(UTC)
    async with uow:
        target = await uow.directory.queue_by_ref(queue)
        if target is None:
            raise NotFound(f"no queue {queue!r}")
        policy.require_target(caller.permissions, target.group_id, Permission.CREATE)
        if origin == "email":
            if not customer_email:
                raise Invalid("an email-out ticket needs the customer's address")
            number = await draw_number(uow, numbering, now)
            article, mail = outgoing_mail(
                queue=target,
                number=number,
                title=title,
                to=[customer_email],
                cc=[],
                subject=title,
                body_text=body_text,
                attachments=attachments,
                hook=hook,
                in_reply_to=None,
                references=[],
                actor=actor,
                now=now,
            )
        else:
            number, mail = None, None
            article = Article(
                sender_type=sender,
                channel=channel,
                created_at=now,
                created_by=actor,
                visible_for_customer=visible,
                from_address=customer_email if sender is SenderType.CUSTOMER else caller.agent.email,
                subject=title,
                body_text=body_text,
                attachments=attachments,
            )
        ticket = await create_ticket(
            uow,
            numbering,
            title=title,
            queue_id=target.id,
            first=article,
            customer_email=customer_email,
            actor=actor,
            priority=priority,
            number=number,
        )
        uow.emit(events.ticket_created(ticket, target, origin=origin, created_by=actor))
        if mail is not None:
            ticket.first_mail_sent(article, actor)
            await uow.tickets.save(ticket)
            uow.emit(events.article_added(ticket, target, article, outbound_mail=mail))
        await uow.commit()
        return ticket.number
