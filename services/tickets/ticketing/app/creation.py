"""Creating a ticket: draw a number, build the aggregate, store it.

Shared by every way a ticket starts (mail, phone, split); the counter is drawn
inside the caller's transaction, so a rollback gives the number back.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.tickets.ticketing.domain.articles import Article
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.numbering import NumberGenerator
from services.tickets.ticketing.domain.states import DEFAULT_PRIORITY, NEW, State
from services.tickets.unit_of_work import TicketsUnitOfWork


async def draw_number(uow: TicketsUnitOfWork, numbering: NumberGenerator, now: datetime | None = None) -> str:
    day = (now or datetime.now(UTC)).date()
    counter = await uow.tickets.next_counter(numbering.counter_key(day))
    return numbering.make(day, counter)


async def create_ticket(
    uow: TicketsUnitOfWork,
    numbering: NumberGenerator,
    *,
    title: str,
    queue_id: int,
    first: Article,
    customer_email: str | None,
    actor: str,
    state: State = NEW,
    priority: int = DEFAULT_PRIORITY,
    number: str | None = None,
) -> Ticket:
    """``number`` when the caller drew it already (a first article that must carry it)."""
    number = number or await draw_number(uow, numbering, first.created_at)
    ticket = Ticket.open_new(
        number=number,
        title=title,
        queue_id=queue_id,
        state=state,
        priority=priority,
        first=first,
        customer_email=customer_email,
        actor=actor,
    )
    ticket.customer_user = await uow.directory.customer_login_for(customer_email)
    await uow.tickets.add(ticket)
    return ticket
