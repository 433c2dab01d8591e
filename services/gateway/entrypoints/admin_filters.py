"""Admin: the postmaster filters ingest runs on each inbound mail, by position (list, create, edit, delete)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from services.gateway import admin_forms
from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.admin_common import Error, form_fields, submit
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm

router = APIRouter(prefix="/admin/filters")
HOME = "/admin/filters"
NEW_FILTER = {"position": "0", "enabled": "on"}


def _form_values(found: dict[str, Any]) -> dict[str, str]:
    """A stored filter as the form's fields."""
    actions = found.get("actions") or {}
    values = {name: str(actions.get(name) or "") for name in (*admin_forms.FILTER_ACTIONS, "priority")}
    values["tags"] = ", ".join(actions.get("tags") or [])
    values["ignore"] = "on" if actions.get("ignore") else ""
    values["matches"] = admin_forms.matches_text(found.get("matches") or [])
    values |= {"name": found["name"], "position": str(found["position"])}
    values |= {flag: "on" if found.get(flag) else "" for flag in ("enabled", "stop")}
    return values


async def _page(
    request: Request,
    gateway: Gateway,
    session: Session,
    filter_id: int | None = None,
    values: dict[str, str] | None = None,
    error: Error | None = None,
    status_code: int = 200,
) -> Response:
    token = session.tickets_token
    filters = None
    if filter_id is None:
        filters = sorted(await gateway.admin.ingest("GET", "filters", token), key=lambda f: (f["position"], f["id"]))
    elif values is None:
        values = _form_values(await gateway.admin.ingest("GET", f"filters/{filter_id}", token))
    context = {"filters": filters, "filter_id": filter_id, "values": values or NEW_FILTER, "error": error}
    context["matches_text"] = admin_forms.matches_text
    return gateway.renderer.page(request, "admin/filters.html", context, session=session, status_code=status_code)


@router.get("")
async def filters(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    return await _page(request, gateway, session)


@router.post("")
async def create(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    fields = form_fields(form)

    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, None, values, error, status)

    async def call() -> Any:
        body = admin_forms.postmaster_filter(fields)
        return await gateway.admin.ingest("POST", "filters", session.tickets_token, json=body)

    return await submit(call, fields, HOME, show)


@router.get("/{filter_id}")
async def edit_form(request: Request, gateway: GatewayDep, session: AgentSession, filter_id: int) -> Response:
    return await _page(request, gateway, session, filter_id)


@router.post("/{filter_id}")
async def edit(
    request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm, filter_id: int
) -> Response:
    fields = form_fields(form)

    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, filter_id, values, error, status)

    async def call() -> Any:
        body = admin_forms.postmaster_filter(fields)
        return await gateway.admin.ingest("PATCH", f"filters/{filter_id}", session.tickets_token, json=body)

    return await submit(call, fields, HOME, show)


@router.post("/{filter_id}/delete")
async def delete(
    request: Request, gateway: GatewayDep, session: AgentSession, _form: VerifiedForm, filter_id: int
) -> Response:
    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, None, None, error, status)

    async def call() -> Any:
        return await gateway.admin.ingest("DELETE", f"filters/{filter_id}", session.tickets_token)

    return await submit(call, {}, HOME, show)
