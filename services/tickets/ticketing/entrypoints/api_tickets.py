"""``/api/v1/queues`` and ``/api/v1/tickets``: reads, limited to what the caller may read."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response
from pydantic import AwareDatetime

from services.tickets.deps import CallerDep, SessionDep
from services.tickets.errors import Invalid, NotFound
from services.tickets.problems import documented
from services.tickets.ticketing.domain.states import StateType
from services.tickets.ticketing.queries import queues as queue_queries
from services.tickets.ticketing.queries import tickets as ticket_queries
from services.tickets.ticketing.queries.schemas import HistoryOut, QueueList, TicketDetail, TicketPage
from services.tickets.ticketing.queries.ticket_list import Archived, Sort, TicketFilter, TimeRange, list_tickets

router = APIRouter(prefix="/api/v1", tags=["tickets"], responses=documented(401, 422))
_MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+")
NOT_FOUND = documented(404)
Bound = Annotated[AwareDatetime | None, Query(description="ISO-8601 with offset; inclusive")]


@router.get("/queues")
async def queues(caller: CallerDep, session: SessionDep) -> QueueList:
    return QueueList(items=await queue_queries.readable_queues(session, caller.readable_queue_ids))


@router.get("/tickets", responses=NOT_FOUND)
async def tickets(
    caller: CallerDep,
    session: SessionDep,
    queue: Annotated[str | None, Query(max_length=400, description="Queue name (`Parent::Child`) or id")] = None,
    subqueues: Annotated[bool, Query(description="Include the queue's sub-queues (those the caller may read)")] = False,
    state: Annotated[str | None, Query(max_length=100, examples=["new"])] = None,
    state_type: Annotated[StateType | None, Query()] = None,
    priority: Annotated[int | None, Query(ge=1, le=5)] = None,
    owner: Annotated[str | None, Query(max_length=200, description="Owner's login")] = None,
    locked: Annotated[bool | None, Query()] = None,
    customer: Annotated[str | None, Query(max_length=320, description="Customer's email address")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=500, description="Full text: title, articles, senders, file names", examples=["Basketballkorb"]
        ),
    ] = None,
    archived: Annotated[Archived, Query(description="Archived tickets: no (default), yes, all")] = Archived.NO,
    watched: Annotated[bool, Query(description="Only tickets the caller watches")] = False,
    tag: Annotated[str | None, Query(min_length=1, max_length=100, description="Only tickets with this tag")] = None,
    created_from: Bound = None,
    created_to: Bound = None,
    changed_from: Bound = None,
    changed_to: Bound = None,
    closed_from: Bound = None,
    closed_to: Bound = None,
    escalated: Annotated[
        bool | None, Query(description="true: open tickets past a first-response or solution target; false: others")
    ] = None,
    sort: Annotated[Sort, Query()] = Sort.NEWEST,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[
        str | None, Query(min_length=1, max_length=400, description="`next_cursor` of the previous page")
    ] = None,
    offset: Annotated[
        int, Query(ge=0, le=10_000_000, description="Kept for compatibility; page with `cursor` instead")
    ] = 0,
) -> TicketPage:
    """Tickets the caller may read, filtered and searched; ``total`` counts only those.

    Page with ``cursor``: each page's ``next_cursor`` continues it in the same sort order,
    and tickets created meanwhile neither repeat nor shift a ticket out of the pages.
    """
    if cursor is not None and offset:
        raise Invalid("give either cursor or offset, not both")
    queue_ids = None
    if queue is not None:
        queue_ids = await queue_queries.resolve_queue(session, queue, caller.readable_queue_ids, subqueues)
        if queue_ids is None:
            raise NotFound(f"no queue {queue!r}")
    f = TicketFilter(
        queue_ids=queue_ids,
        state=state,
        state_type=state_type.value if state_type else None,
        priority=priority,
        owner=owner,
        locked=locked,
        customer=customer,
        text=q,
        archived=archived,
        watched_by=caller.agent.id if watched else None,
        tag=tag,
        created=_range("created", created_from, created_to),
        changed=_range("changed", changed_from, changed_to),
        closed=_range("closed", closed_from, closed_to),
        escalated=escalated,
        sort=sort,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )
    return await list_tickets(session, caller.readable_queue_ids, f)


def _range(name: str, start: datetime | None, end: datetime | None) -> TimeRange:
    if start is not None and end is not None and start > end:
        raise Invalid(f"{name}_from is after {name}_to")
    return TimeRange(start, end)


@router.get("/tickets/{number}", responses=NOT_FOUND)
async def ticket(number: str, caller: CallerDep, session: SessionDep, response: Response) -> TicketDetail:
    detail = await ticket_queries.ticket_detail(session, caller.readable_queue_ids, number)
    if detail is None:
        raise NotFound(f"no ticket {number}")
    response.headers["ETag"] = f'"{detail.version}"'
    return detail


@router.get("/tickets/{number}/history", responses=NOT_FOUND)
async def history(number: str, caller: CallerDep, session: SessionDep) -> list[HistoryOut]:
    entries = await ticket_queries.ticket_history(session, caller.readable_queue_ids, number)
    if entries is None:
        raise NotFound(f"no ticket {number}")
    return entries


@router.get(
    "/tickets/{number}/attachments/{attachment_id}",
    response_class=Response,
    responses={**NOT_FOUND, 200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    number: str, attachment_id: Annotated[int, Path(ge=1, le=2**62)], caller: CallerDep, session: SessionDep
) -> Response:
    found = await ticket_queries.attachment(session, caller.readable_queue_ids, number, attachment_id)
    if found is None:
        raise NotFound(f"no attachment {attachment_id} on ticket {number}")
    return file_response(found)


def file_response(found: ticket_queries.FileContent) -> Response:
    """An attachment as a download: never rendered inline, never sniffed."""
    printable = "".join(c if c.isprintable() else "_" for c in found.filename) or "attachment"
    ascii_name = printable.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(printable)}"
    media_type = found.content_type if _MEDIA_TYPE.fullmatch(found.content_type) else "application/octet-stream"
    return Response(
        found.content,
        media_type=media_type,
        headers={
            "Content-Disposition": disposition,
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
        },
    )
