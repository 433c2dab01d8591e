"""What a customer does in the portal: open a ticket, answer on one of his tickets."""

from __future__ import annotations

from datetime import UTC, datetime

from services.tickets.directory.app import runtime_settings
from services.tickets.errors import Forbidden, Invalid, NotFound
from services.tickets.identity.app.customer_auth import CustomerCaller
from services.tickets.ticketing.app import change_events, events, follow_up_state
from services.tickets.ticketing.app.creation import create_ticket
from services.tickets.ticketing.domain.articles import Article, Channel, NewAttachment, SenderType
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy
from services.tickets.ticketing.domain.numbering import NumberGenerator
from services.tickets.unit_of_work import TicketsUnitOfWork


def _article(caller: CustomerCaller, subject: str, body_text: str, attachments: list[NewAttachment]) -> Article:
    return Article(
        sender_type=SenderType.CUSTOMER,
        channel=Channel.PORTAL,
        created_at=datetime.now(UTC),
        created_by=f"customer:{caller.customer.login}",
        from_address=caller.customer.email,
        subject=subject,
        body_text=body_text,
        attachments=attachments,
    )


async def open_ticket(
    uow: TicketsUnitOfWork,
    caller: CustomerCaller,
    numbering: NumberGenerator,
    *,
    title: str,
    body_text: str,
    attachments: list[NewAttachment],
) -> str:
    """A new ticket in the default queue (the setting ``default_queue``, else the first queue), when
    the setting ``portal_ticket_creation`` allows customers to open tickets."""
    article = _article(caller, title, body_text, attachments)
    async with uow:
        settings = await runtime_settings.current(uow)
        if not settings.portal_ticket_creation:
            raise Forbidden("opening tickets in the portal is switched off; please write an email")
        queue = await uow.directory.default_queue(settings.default_queue)
        ticket = await create_ticket(
            uow,
            numbering,
            title=title,
            queue_id=queue.id,
            first=article,
            customer_email=caller.customer.email,
            actor=article.created_by,
        )
        ticket.customer_user = caller.customer.login
        await uow.tickets.save(ticket)
        uow.emit(events.ticket_created(ticket, queue, origin="portal", created_by=article.created_by))
        await uow.commit()
        return ticket.number


async def answer(
    uow: TicketsUnitOfWork, caller: CustomerCaller, number: str, body_text: str, attachments: list[NewAttachment]
) -> None:
    async with uow:
        ticket_id = await uow.tickets.id_by_number(number)
        ticket = await uow.tickets.get(ticket_id, for_update=True) if ticket_id is not None else None
        theirs = ticket is not None and (
            ticket.customer_user in caller.logins or (ticket.customer_email or "").lower() in caller.emails
        )
        if ticket is None or not theirs or ticket.state.type.value == "removed":
            raise NotFound(f"no ticket {number}")
        queue = await uow.directory.queue(ticket.queue_id)
        assert queue is not None
        if ticket.state.type.is_closed and queue.follow_up_policy is not FollowUpPolicy.REOPEN:
            raise Invalid(f"ticket {number} is closed; please open a new one")
        article = _article(caller, f"Re: {ticket.title}", body_text, attachments)
        target = await follow_up_state.of_queue(uow, queue)
        ticket.add_follow_up(article, article.created_by, reopen=True, follow_up_state=target)
        changed = change_events.pending(ticket)
        await uow.tickets.save(ticket)
        await change_events.announce(uow, ticket, changed, actor=article.created_by, at=article.created_at)
        uow.emit(events.article_added(ticket, queue, article, follow_up=True))
        await uow.commit()
