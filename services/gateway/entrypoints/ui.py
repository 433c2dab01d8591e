"""The agent's pages: queues, a queue's tickets, a ticket's history and attachments."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse
from starlette.background import BackgroundTask

from services.gateway.adapters.tickets_client import NotFound
from services.gateway.entrypoints.context import GatewayDep
from services.gateway.entrypoints.web import AgentSession
from services.gateway.presentation.views import paginate, queue_tree

router = APIRouter()

# Attachments are downloads, never pages of this site: no sniffing, no scripts, no framing.
ATTACHMENT_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
}


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/queues", status_code=303)


@router.get("/queues")
async def queues(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    visible = await gateway.tickets.queues(session.tickets_token)
    return gateway.renderer.page(request, "queues.html", {"tree": queue_tree(visible)}, session=session)


@router.get("/queues/{queue_id}")
async def queue(request: Request, gateway: GatewayDep, session: AgentSession, queue_id: int, page: int = 1) -> Response:
    visible = await gateway.tickets.queues(session.tickets_token)
    current = next((q for q in visible if q.id == queue_id), None)
    if current is None:
        raise NotFound()
    size = gateway.options.page_size
    first = await gateway.tickets.tickets(session.tickets_token, str(current.id), size, (max(page, 1) - 1) * size)
    pagination = paginate(page, size, first.total)
    listing = first
    if pagination.page != max(page, 1):  # asked past the end: show the last page
        listing = await gateway.tickets.tickets(session.tickets_token, str(current.id), size, pagination.offset)
    return gateway.renderer.page(
        request,
        "queue.html",
        {"queue": current, "tickets": listing.items, "pagination": pagination},
        session=session,
    )


@router.get("/tickets/{number}/history")
async def history(request: Request, gateway: GatewayDep, session: AgentSession, number: str) -> Response:
    found = await gateway.tickets.ticket(session.tickets_token, number)
    entries = await gateway.tickets.history(session.tickets_token, number)
    return gateway.renderer.page(request, "history.html", {"ticket": found, "entries": entries}, session=session)


@router.get("/tickets/{number}/attachments/{attachment_id}")
async def attachment(gateway: GatewayDep, session: AgentSession, number: str, attachment_id: int) -> Response:
    return download(await gateway.tickets.attachment(session.tickets_token, number, attachment_id))


def download(upstream: httpx.Response) -> StreamingResponse:
    """An attachment from tickets as a download (never ``inline``), streamed and closed after."""
    headers = dict(ATTACHMENT_HEADERS)
    for name in ("content-type", "content-length", "content-encoding"):
        if name in upstream.headers:
            headers[name] = upstream.headers[name]
    disposition = upstream.headers.get("content-disposition", "attachment")
    headers["content-disposition"] = (
        "attachment" + disposition[len("inline") :] if disposition.startswith("inline") else disposition
    )
    return StreamingResponse(upstream.aiter_raw(), headers=headers, background=BackgroundTask(upstream.aclose))
