"""Admin: a queue's auto-responses, one subject and body per kind (new ticket, follow-up, rejected
follow-up, new ticket after a closed one), saved together: tickets replaces them all at once."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.admin_common import Error, form_fields, submit
from services.gateway.entrypoints.admin_resource import find
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm
from services.gateway.presentation import admin_forms

router = APIRouter(prefix="/admin/queues/{queue_id}/auto-responses")
TEMPLATE = "admin/auto_responses.html"
QueueId = Annotated[int, Path(ge=1, le=2**62)]


def _api(queue_id: int) -> str:
    return f"queues/{queue_id}/auto-responses"


async def _page(
    request: Request,
    gateway: Gateway,
    session: Session,
    queue_id: int,
    values: dict[str, str] | None = None,
    error: Error | None = None,
    status_code: int = 200,
) -> Response:
    token = session.tickets_token
    if values is None:
        stored = await gateway.admin.tickets("GET", _api(queue_id), token)
        values = admin_forms.auto_response_values(stored)
    queue = find(await gateway.admin.tickets("GET", "queues", token), "id", str(queue_id))
    context: dict[str, Any] = {"values": values, "error": error, "queue": queue, "home": f"/admin/queues/{queue_id}"}
    context["kinds"] = admin_forms.AUTO_RESPONSE_KINDS
    return gateway.renderer.page(request, TEMPLATE, context, session=session, status_code=status_code)


@router.get("")
async def auto_responses(request: Request, gateway: GatewayDep, session: AgentSession, queue_id: QueueId) -> Response:
    return await _page(request, gateway, session, queue_id)


@router.post("")
async def replace(
    request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm, queue_id: QueueId
) -> Response:
    fields = form_fields(form)

    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, queue_id, values, error, status)

    async def call() -> Any:
        body = admin_forms.auto_responses(fields)
        return await gateway.admin.tickets("PUT", _api(queue_id), session.tickets_token, json=body)

    return await submit(call, fields, f"/admin/queues/{queue_id}/auto-responses", show)
