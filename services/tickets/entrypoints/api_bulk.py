"""``POST /api/v1/tickets/bulk``: several changes on many tickets, with a result per ticket."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from services.tickets.app import bulk, ticket_actions
from services.tickets.app.actions import Action
from services.tickets.domain.errors import Invalid
from services.tickets.entrypoints import schemas_in as body
from services.tickets.entrypoints.api_actions import attachments_in
from services.tickets.entrypoints.deps import CallerDep, DatabaseDep, SettingsDep
from services.tickets.entrypoints.problems import STATUS, documented

router = APIRouter(prefix="/api/v1/tickets", tags=["ticket actions"], responses=documented(401, 422))


class BulkItemOut(BaseModel):
    number: str
    status: int
    version: int | None = None
    detail: str | None = None


class BulkOut(BaseModel):
    items: list[BulkItemOut]


def _actions(request: body.BulkIn, attachment_limit: int) -> list[Action]:
    actions: list[Action] = []
    if request.lock is not None:
        actions.append(ticket_actions.lock(False) if request.lock else ticket_actions.unlock())
    if request.state:
        actions.append(ticket_actions.set_state(request.state.state, request.state.pending_until))
    if request.priority:
        actions.append(ticket_actions.set_priority(request.priority.priority))
    if request.owner:
        actions.append(ticket_actions.set_owner(request.owner.owner))
    if request.note:
        n = request.note
        files = attachments_in(n.attachments, attachment_limit)
        actions.append(ticket_actions.add_note(n.subject, n.body_text, n.visible_for_customer, files))
    if request.move:
        actions.append(ticket_actions.move(request.move.queue))
    if not actions:
        raise Invalid("name at least one change")
    return actions


@router.post("/bulk")
async def bulk_change(request: body.BulkIn, caller: CallerDep, database: DatabaseDep, settings: SettingsDep) -> BulkOut:
    """Each ticket succeeds or fails on its own (status per ticket: 200, 403, 404, 409 or 422)."""
    results = await bulk.apply_to_many(
        database, caller, request.numbers, _actions(request, settings.smtp_max_message_size)
    )
    return BulkOut(
        items=[
            BulkItemOut(number=r.number, status=200, version=r.version)
            if r.ok
            else BulkItemOut(
                number=r.number,
                status=next((c for k, c in STATUS.items() if isinstance(r.error, k)), 422),
                detail=str(r.error),
            )
            for r in results
        ]
    )
