"""``POST /api/v1/tickets/bulk``: several changes on many tickets, with a result per ticket."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from services.tickets.deps import CallerDep, SettingsDep, UowDep
from services.tickets.errors import Invalid
from services.tickets.problems import ConflictCode, documented, members_of, status_of
from services.tickets.ticketing.app import bulk, split_merge, ticket_actions
from services.tickets.ticketing.app.actions import Action
from services.tickets.ticketing.entrypoints import schemas_in as body
from services.tickets.ticketing.entrypoints.api_actions import attachments_in

router = APIRouter(prefix="/api/v1/tickets", tags=["ticket actions"], responses=documented(401, 422))


class BulkItemOut(BaseModel):
    """One ticket's outcome; a refusal carries the members of its problem (a 409: ``type``, ``code``)."""

    number: str
    status: int
    version: int | None = None
    detail: str | None = None
    type: str | None = None
    code: ConflictCode | None = None
    locked_by: str | None = None


def _item(result: bulk.BulkResult) -> BulkItemOut:
    if result.error is None:
        return BulkItemOut(number=result.number, status=200, version=result.version)
    error = result.error
    refusal = {"number": result.number, "status": status_of(error), "detail": str(error), **members_of(error)}
    return BulkItemOut.model_validate(refusal)


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
    if request.add_tags:
        actions.append(ticket_actions.tag(request.add_tags.tags, True))
    if request.remove_tags:
        actions.append(ticket_actions.tag(request.remove_tags.tags, False))
    if request.move:
        actions.append(ticket_actions.move(request.move.queue))
    if request.merge:
        actions.append(split_merge.merge_into(request.merge.into))
    if not actions:
        raise Invalid("name at least one change")
    return actions


@router.post("/bulk")
async def bulk_change(request: body.BulkIn, caller: CallerDep, uow: UowDep, settings: SettingsDep) -> BulkOut:
    """Each ticket succeeds or fails on its own (status per ticket: 200, 403, 404, 409 or 422).

    A ticket the caller may not read answers 404 like any other unknown number.
    """
    results = await bulk.apply_to_many(uow, caller, request.numbers, _actions(request, settings.smtp_max_message_size))
    return BulkOut(items=[_item(r) for r in results])
