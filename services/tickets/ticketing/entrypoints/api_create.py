"""Creating tickets: ``POST /api/v1/tickets`` (phone, internal) and ``/tickets/{number}/split``; ``/merge``."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from services.tickets.deps import CallerDep, SettingsDep, UowDep
from services.tickets.problems import documented
from services.tickets.ticketing.app import agent_create, split_merge
from services.tickets.ticketing.domain.numbering import generator_for
from services.tickets.ticketing.entrypoints import schemas_in as body
from services.tickets.ticketing.entrypoints.action_runner import RESPONSES, RunDep
from services.tickets.ticketing.entrypoints.api_actions import attachments_in
from services.tickets.ticketing.queries.schemas import TicketDetail

router = APIRouter(prefix="/api/v1/tickets", tags=["ticket actions"], responses=documented(401, 422))


class CreatedOut(BaseModel):
    number: str


@router.post("", status_code=201, responses=documented(403, 404))
async def create(request: body.TicketIn, caller: CallerDep, uow: UowDep, settings: SettingsDep) -> CreatedOut:
    """Open a ticket for a phone call, an internal matter or a mail out (needs ``create`` on the queue)."""
    numbering = generator_for(settings.ticket_number_generator, settings.system_id)
    number = await agent_create.open_ticket(
        uow,
        caller,
        numbering,
        origin=request.origin,
        queue=request.queue,
        title=request.title,
        body_text=request.body_text,
        customer_email=request.customer_email,
        priority=request.priority,
        attachments=attachments_in(request.attachments, settings.smtp_max_message_size),
        hook=settings.ticket_hook,
    )
    return CreatedOut(number=number)


@router.post("/{number}/split", status_code=201, responses=RESPONSES)
async def split(
    number: str, request: body.SplitIn, caller: CallerDep, uow: UowDep, settings: SettingsDep
) -> CreatedOut:
    """Copy one article into a new ticket, linked as this ticket's child (parallel work)."""
    numbering = generator_for(settings.ticket_number_generator, settings.system_id)
    child = await split_merge.split(uow, caller, numbering, number, request.article_id, request.queue, request.title)
    return CreatedOut(number=child)


@router.post("/{number}/merge", responses=RESPONSES)
async def merge(request: body.MergeIn, run: RunDep) -> TicketDetail:
    """Merge this ticket into ``into``; answers with the ticket that absorbed it."""
    return await run(split_merge.merge_into(request.into), answer_with=request.into)
