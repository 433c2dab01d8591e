"""Ticket actions: ``POST /api/v1/tickets/{number}/<action>``.

Send ``If-Match: "<version>"`` (the ETag of the ticket) to be sure nobody changed
the ticket since you read it: a stale version answers 409. Every action answers
with the ticket as it is now, and its new ETag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from services.tickets.app import forward as forward_action
from services.tickets.app import reply as reply_action
from services.tickets.app import ticket_actions
from services.tickets.app.actions import Action, apply
from services.tickets.domain.articles import NewAttachment
from services.tickets.domain.errors import Invalid
from services.tickets.entrypoints import schemas_in as body
from services.tickets.entrypoints.deps import CallerDep, DatabaseDep, SessionDep, SettingsDep
from services.tickets.entrypoints.problems import documented
from services.tickets.queries import tickets as ticket_queries
from services.tickets.queries.schemas import TicketDetail

router = APIRouter(prefix="/api/v1/tickets/{number}", tags=["ticket actions"], responses=documented(401, 422))
RESPONSES: dict[int | str, dict[str, Any]] = {
    204: {"description": "Done, and the ticket is now in a queue the caller may not read"},
    **documented(403, 404, 409),
}
IfMatch = Annotated[
    str | None,
    Header(description='The ticket\'s ETag, e.g. "3"', max_length=20, pattern=r'^\s*(\*|(W/)?"?\d{1,9}"?)\s*$'),
]
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def expected_version(if_match: str | None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    match = _ETAG.match(if_match.strip())
    if match is None:
        raise Invalid('If-Match must be the ticket\'s ETag, e.g. "3"')
    return int(match.group(1))


async def _run(
    number: str,
    action: Action,
    if_match: str | None,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
) -> TicketDetail:
    version = await apply(database, caller, number, expected_version(if_match), action)
    detail = await ticket_queries.ticket_detail(session, caller.readable_queue_ids, number)
    if detail is None:  # moved into a queue the caller may not read: done, nothing to show
        return Response(status_code=204, headers={"ETag": f'"{version}"'})  # type: ignore[return-value]
    response.headers["ETag"] = f'"{version}"'
    return detail


def attachments_in(items: list[body.AttachmentIn], limit: int) -> list[NewAttachment]:
    files = [a.to_domain() for a in items]
    if any(len(f.content) > limit for f in files):
        raise Invalid(f"an attachment is larger than {limit} bytes")
    return files


@router.post("/notes", responses=RESPONSES)
async def add_note(
    number: str,
    note: body.NoteIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    files = attachments_in(note.attachments, settings.smtp_max_message_size)
    action = ticket_actions.add_note(note.subject, note.body_text, note.visible_for_customer, files)
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/reply", responses=RESPONSES)
async def reply(
    number: str,
    mail: body.ReplyIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    """Answer by email; notify sends it. Answering locks the ticket to you and makes you its owner."""
    files = attachments_in(mail.attachments, settings.smtp_max_message_size)
    action = reply_action.reply(
        to=list(mail.to),
        cc=list(mail.cc),
        subject=mail.subject,
        body_text=mail.body_text,
        attachments=files,
        hook=settings.ticket_hook,
        template_id=mail.template_id,
    )
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/forward", responses=RESPONSES)
async def forward(
    number: str,
    mail: body.ForwardIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    """Forward an article (default: the newest) with its attachments by email; hidden from the customer by default."""
    action = forward_action.forward(
        to=list(mail.to),
        cc=list(mail.cc),
        body_text=mail.body_text,
        article_id=mail.article_id,
        visible_for_customer=mail.visible_for_customer,
        hook=settings.ticket_hook,
    )
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/tags", responses=RESPONSES)
async def add_tags(
    number: str,
    tags: body.TagsIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    """Add free tags (compared without case and surrounding blanks); tags already there stay."""
    return await _run(number, ticket_actions.tag(tags.tags, True), if_match, caller, database, session, response)


@router.delete("/tags", responses=RESPONSES)
async def remove_tags(
    number: str,
    tags: body.TagsIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    """Remove free tags; one the ticket does not have is ignored."""
    return await _run(number, ticket_actions.tag(tags.tags, False), if_match, caller, database, session, response)


@router.post("/move", responses=RESPONSES)
async def move(
    number: str,
    target: body.MoveIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    return await _run(number, ticket_actions.move(target.queue), if_match, caller, database, session, response)


@router.post("/lock", responses=RESPONSES)
async def lock(
    number: str,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    options: body.LockIn | None = None,
    if_match: IfMatch = None,
) -> TicketDetail:
    action = ticket_actions.lock(options.take_over if options else False)
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/unlock", responses=RESPONSES)
async def unlock(
    number: str,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    return await _run(number, ticket_actions.unlock(), if_match, caller, database, session, response)


@router.post("/state", responses=RESPONSES)
async def set_state(
    number: str,
    change: body.StateIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    action = ticket_actions.set_state(change.state, change.pending_until)
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/priority", responses=RESPONSES)
async def set_priority(
    number: str,
    change: body.PriorityIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    action = ticket_actions.set_priority(change.priority)
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/owner", responses=RESPONSES)
async def set_owner(
    number: str,
    change: body.OwnerIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    return await _run(number, ticket_actions.set_owner(change.owner), if_match, caller, database, session, response)


@router.post("/responsible", responses=RESPONSES)
async def set_responsible(
    number: str,
    change: body.ResponsibleIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    action = ticket_actions.set_responsible(change.responsible)
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/title", responses=RESPONSES)
async def set_title(
    number: str,
    change: body.TitleIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    return await _run(number, ticket_actions.set_title(change.title), if_match, caller, database, session, response)


@router.post("/type", responses=RESPONSES)
async def set_type(
    number: str,
    change: body.TypeIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    return await _run(number, ticket_actions.set_type(change.type), if_match, caller, database, session, response)


@router.post("/customer", responses=RESPONSES)
async def set_customer(
    number: str,
    change: body.CustomerIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    action = ticket_actions.set_customer(change.customer_email)
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/link", responses=RESPONSES)
async def link(
    number: str,
    other: body.LinkIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    action = ticket_actions.link(other.number, other.type, on=True)
    return await _run(number, action, if_match, caller, database, session, response)


@router.post("/unlink", responses=RESPONSES)
async def unlink(
    number: str,
    other: body.LinkIn,
    caller: CallerDep,
    database: DatabaseDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> TicketDetail:
    action = ticket_actions.link(other.number, other.type, on=False)
    return await _run(number, action, if_match, caller, database, session, response)


def _simple(path: str, make: Callable[[], Action], doc: str) -> None:
    """A body-less action route (watch, unwatch, archive, restore)."""

    async def route(
        number: str,
        caller: CallerDep,
        database: DatabaseDep,
        session: SessionDep,
        response: Response,
        if_match: IfMatch = None,
    ) -> TicketDetail:
        return await _run(number, make(), if_match, caller, database, session, response)

    route.__doc__ = doc
    router.post(path, responses=RESPONSES, name=path.strip("/"))(route)


_simple("/watch", lambda: ticket_actions.watch(True), "Watch the ticket (its changes reach you as a watcher).")
_simple("/unwatch", lambda: ticket_actions.watch(False), "Stop watching the ticket.")
_simple("/archive", lambda: ticket_actions.archive(True), "Archive a closed ticket: out of default lists and search.")
_simple("/restore", lambda: ticket_actions.archive(False), "Bring an archived ticket back.")
