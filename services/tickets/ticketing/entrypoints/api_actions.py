"""Ticket actions: ``POST /api/v1/tickets/{number}/<action>``.

Send ``If-Match: "<version>"`` (the ETag of the ticket) to be sure nobody changed
the ticket since you read it: a stale version answers 409 with the problem code
``stale-version``. Every action answers with the ticket as it is now, and its new ETag.
Each route only builds its action; :mod:`.action_runner` runs it.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from services.tickets.deps import SettingsDep
from services.tickets.errors import Invalid
from services.tickets.problems import documented
from services.tickets.ticketing.app import forward as forward_action
from services.tickets.ticketing.app import reply as reply_action
from services.tickets.ticketing.app import ticket_actions
from services.tickets.ticketing.app.actions import Action
from services.tickets.ticketing.domain.articles import NewAttachment
from services.tickets.ticketing.entrypoints import schemas_in as body
from services.tickets.ticketing.entrypoints.action_runner import RESPONSES, RunDep
from services.tickets.ticketing.queries.schemas import TicketDetail

router = APIRouter(prefix="/api/v1/tickets/{number}", tags=["ticket actions"], responses=documented(401, 422))


def attachments_in(items: list[body.AttachmentIn], limit: int) -> list[NewAttachment]:
    files = [a.to_domain() for a in items]
    if any(len(f.content) > limit for f in files):
        raise Invalid(f"an attachment is larger than {limit} bytes")
    return files


@router.post("/notes", responses=RESPONSES)
async def add_note(note: body.NoteIn, settings: SettingsDep, run: RunDep) -> TicketDetail:
    files = attachments_in(note.attachments, settings.smtp_max_message_size)
    return await run(ticket_actions.add_note(note.subject, note.body_text, note.visible_for_customer, files))


@router.post("/reply", responses=RESPONSES)
async def reply(mail: body.ReplyIn, settings: SettingsDep, run: RunDep) -> TicketDetail:
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
    return await run(action)


@router.post("/forward", responses=RESPONSES)
async def forward(mail: body.ForwardIn, settings: SettingsDep, run: RunDep) -> TicketDetail:
    """Forward an article (default: the newest) with its attachments by email; hidden from the customer by default."""
    action = forward_action.forward(
        to=list(mail.to),
        cc=list(mail.cc),
        body_text=mail.body_text,
        article_id=mail.article_id,
        visible_for_customer=mail.visible_for_customer,
        hook=settings.ticket_hook,
    )
    return await run(action)


@router.post("/tags", responses=RESPONSES)
async def add_tags(tags: body.TagsIn, run: RunDep) -> TicketDetail:
    """Add free tags (compared without case and surrounding blanks); tags already there stay."""
    return await run(ticket_actions.tag(tags.tags, True))


@router.delete("/tags", responses=RESPONSES)
async def remove_tags(tags: body.TagsIn, run: RunDep) -> TicketDetail:
    """Remove free tags; one the ticket does not have is ignored."""
    return await run(ticket_actions.tag(tags.tags, False))


@router.post("/move", responses=RESPONSES)
async def move(target: body.MoveIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.move(target.queue))


@router.post("/lock", responses=RESPONSES)
async def lock(run: RunDep, options: body.LockIn | None = None) -> TicketDetail:
    return await run(ticket_actions.lock(options.take_over if options else False))


@router.post("/unlock", responses=RESPONSES)
async def unlock(run: RunDep) -> TicketDetail:
    return await run(ticket_actions.unlock())


@router.post("/state", responses=RESPONSES)
async def set_state(change: body.StateIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.set_state(change.state, change.pending_until))


@router.post("/priority", responses=RESPONSES)
async def set_priority(change: body.PriorityIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.set_priority(change.priority))


@router.post("/owner", responses=RESPONSES)
async def set_owner(change: body.OwnerIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.set_owner(change.owner))


@router.post("/responsible", responses=RESPONSES)
async def set_responsible(change: body.ResponsibleIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.set_responsible(change.responsible))


@router.post("/title", responses=RESPONSES)
async def set_title(change: body.TitleIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.set_title(change.title))


@router.post("/type", responses=RESPONSES)
async def set_type(change: body.TypeIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.set_type(change.type))


@router.post("/customer", responses=RESPONSES)
async def set_customer(change: body.CustomerIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.set_customer(change.customer_email))


@router.post("/link", responses=RESPONSES)
async def link(other: body.LinkIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.link(other.number, other.type, on=True))


@router.post("/unlink", responses=RESPONSES)
async def unlink(other: body.LinkIn, run: RunDep) -> TicketDetail:
    return await run(ticket_actions.link(other.number, other.type, on=False))


def _simple(path: str, make: Callable[[], Action], doc: str) -> None:
    """A body-less action route (watch, unwatch, archive, restore)."""

    async def route(run: RunDep) -> TicketDetail:
        return await run(make())

    route.__doc__ = doc
    router.post(path, responses=RESPONSES, name=path.strip("/"))(route)


_simple("/watch", lambda: ticket_actions.watch(True), "Watch the ticket (its changes reach you as a watcher).")
_simple("/unwatch", lambda: ticket_actions.watch(False), "Stop watching the ticket.")
_simple("/archive", lambda: ticket_actions.archive(True), "Archive a closed ticket: out of default lists and search.")
_simple("/restore", lambda: ticket_actions.archive(False), "Bring an archived ticket back.")
