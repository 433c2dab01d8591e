"""Admin: the inbound mail log (ingest: status and routing decisions, the raw message), the outgoing
mail log (notify) and the audit log of admin changes (tickets)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from services.gateway.entrypoints.context import GatewayDep
from services.gateway.entrypoints.ui import ATTACHMENT_HEADERS
from services.gateway.entrypoints.web import AgentSession

router = APIRouter(prefix="/admin")
STATUSES = ("stored", "parsed", "duplicate", "ignored", "quarantined")
AUDIT_LIMIT = 1000  # tickets lists at most the latest 1,000 admin changes


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


@router.get("/mail-log/{message_id}/raw")
async def raw_message(gateway: GatewayDep, session: AgentSession, message_id: uuid.UUID) -> Response:
    """The message as it arrived, a download (``message/rfc822``); ingest decides who may."""
    upstream = await gateway.admin.raw_message(str(message_id), session.tickets_token)
    disposition = f'attachment; filename="{message_id}.eml"'
    headers = ATTACHMENT_HEADERS | {"Content-Disposition": disposition}
    return Response(upstream.content, media_type="message/rfc822", headers=headers)


@router.get("/audit")
async def audit(
    request: Request, gateway: GatewayDep, session: AgentSession, page: Annotated[int, Query(ge=1, le=1000)] = 1
) -> Response:
    """The latest admin changes first, a page at a time; tickets decides who may (administrators)."""
    size = gateway.options.page_size
    limit = min(page * size + 1, AUDIT_LIMIT)  # one more tells whether a next page exists
    entries = await gateway.admin.tickets("GET", "audit", session.tickets_token, params={"limit": limit})
    shown = entries[(page - 1) * size : page * size]
    context = {"entries": shown, "page": page, "more": len(entries) > page * size}
    return gateway.renderer.page(request, "admin/audit.html", context, session=session)
