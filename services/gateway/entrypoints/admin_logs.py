"""Admin: the inbound mail log (ingest: status and routing decisions) and the outgoing mail log (notify)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from services.gateway.entrypoints.context import GatewayDep
from services.gateway.entrypoints.web import AgentSession

router = APIRouter(prefix="/admin")
STATUSES = ("stored", "parsed", "duplicate", "ignored", "quarantined")


@router.get("/mail-log")
async def mail_log(
    request: Request,
    gateway: GatewayDep,
    session: AgentSession,
    status: Annotated[str, Query(max_length=50)] = "",
    before: Annotated[str, Query(max_length=50)] = "",
) -> Response:
    """Newest first, a page at a time (``before`` = the last ``received_at`` shown); ingest decides who may."""
    params = {"limit": gateway.options.page_size} | {k: v for k, v in (("status", status), ("before", before)) if v}
    messages = await gateway.admin.ingest("GET", "messages", session.tickets_token, params=params)
    context = {"messages": messages, "status": status, "statuses": STATUSES, "page_size": gateway.options.page_size}
    return gateway.renderer.page(request, "admin/mail_log.html", context, session=session)


@router.get("/outgoing")
async def outgoing(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    """Notify lists the mails of the queues the agent may read; the page itself is for administrators."""
    if not session.agent.is_admin:
        raise HTTPException(403)
    mails = await gateway.admin.outgoing_mails(session.tickets_token)
    return gateway.renderer.page(request, "admin/outgoing.html", {"mails": mails}, session=session)
