"""``POST /api/v1/tickets/{number}/split`` and ``/merge``."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from services.tickets.app import split_merge
from services.tickets.domain.errors import NotFound
from services.tickets.domain.numbering import generator_for
from services.tickets.entrypoints import schemas_in as body
from services.tickets.entrypoints.api_actions import RESPONSES, IfMatch, expected_version
from services.tickets.entrypoints.deps import CallerDep, DatabaseDep, SessionDep, SettingsDep
from services.tickets.entrypoints.problems import documented
from services.tickets.queries import tickets as ticket_queries
from services.tickets.queries.schemas import TicketDetail

router = APIRouter(prefix="/api/v1/tickets/{number}", tags=["ticket actions"], responses=documented(401, 422))


class SplitOut(BaseModel):
    number: str


@router.post("/split", status_code=201, responses=RESPONSES)
async def split(
    number: str, request: body.SplitIn, caller: CallerDep, database: DatabaseDep, settings: SettingsDep
) -> SplitOut:
    """Copy one article into a new ticket, linked as this ticket's child (parallel work)."""
    numbering = generator_for(settings.ticket_number_generator, settings.system_id)
    child = await split_merge.split(
        database, caller, numbering, number, request.article_id, request.queue, request.title
    )
    return SplitOut(number=child)


@router.post("/merge", responses=RESPONSES)
async def merge(
    number: str,
    request: body.MergeIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    """Merge this ticket into ``into``; answers with the ticket that absorbed it."""
    await split_merge.merge(database, caller, number, request.into, expected_version(if_match))
    target = await ticket_queries.ticket_detail(session, caller.readable_queue_ids, request.into)
    if target is None:
        raise NotFound(f"no ticket {request.into}")
    response.headers["ETag"] = f'"{target.version}"'
    return target
