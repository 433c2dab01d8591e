"""Admin: the runtime settings of tickets (password length, session times, portal tickets, default queue)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.admin_common import Error, form_fields, submit
from services.gateway.entrypoints.admin_resource import form_values
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm
from services.gateway.presentation import admin_forms

HOME = "/admin/settings"
router = APIRouter(prefix=HOME)


async def _page(
    request: Request,
    gateway: Gateway,
    session: Session,
    values: dict[str, str] | None = None,
    error: Error | None = None,
    status_code: int = 200,
) -> Response:
    token = session.tickets_token
    if values is None:
        values = form_values(await gateway.admin.tickets("GET", "settings", token))
    queues = sorted(queue["name"] for queue in await gateway.admin.tickets("GET", "queues", token))
    context = {"values": values, "queues": queues, "error": error, "home": HOME}
    return gateway.renderer.page(request, "admin/settings.html", context, session=session, status_code=status_code)


@router.get("")
async def settings(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    return await _page(request, gateway, session)


@router.post("")
async def change(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    fields = form_fields(form)

    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, values, error, status)

    async def call() -> Any:
        body = admin_forms.runtime_settings(fields)
        return await gateway.admin.tickets("PATCH", "settings", session.tickets_token, json=body)

    return await submit(call, fields, HOME, show)
