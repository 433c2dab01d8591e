"""Admin: the mail accounts ingest polls (list with their last error and next attempt, create, edit, delete).

Ingest decides who may (administrators); passwords go one way only, ingest never shows them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from services.gateway import admin_forms
from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.admin_common import Error, form_fields, submit
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm

router = APIRouter(prefix="/admin/accounts")
HOME = "/admin/accounts"
NEW_ACCOUNT = {"protocol": "imap", "security": "tls", "port": "993", "folder": "INBOX", "after_fetch": "delete"}
NEW_ACCOUNT |= {"poll_interval": "60", "verify_tls": "on", "enabled": "on"}


async def _page(
    request: Request,
    gateway: Gateway,
    session: Session,
    account_id: int | None = None,
    values: dict[str, Any] | None = None,
    error: Error | None = None,
    status_code: int = 200,
) -> Response:
    token = session.tickets_token
    accounts = await gateway.admin.ingest("GET", "accounts", token) if account_id is None else None
    if values is None and account_id is not None:
        found = await gateway.admin.ingest("GET", f"accounts/{account_id}", token)
        values = {k: ("on" if v is True else "" if v in (False, None) else str(v)) for k, v in found.items()}
    context = {"accounts": accounts, "account_id": account_id, "values": values or NEW_ACCOUNT, "error": error}
    return gateway.renderer.page(request, "admin/accounts.html", context, session=session, status_code=status_code)


@router.get("")
async def accounts(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    return await _page(request, gateway, session)


@router.post("")
async def create(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    fields = form_fields(form)

    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, None, values, error, status)

    async def call() -> Any:
        body = admin_forms.account(fields, creating=True)
        return await gateway.admin.ingest("POST", "accounts", session.tickets_token, json=body)

    return await submit(call, fields, HOME, show)


@router.get("/{account_id}")
async def edit_form(request: Request, gateway: GatewayDep, session: AgentSession, account_id: int) -> Response:
    return await _page(request, gateway, session, account_id)


@router.post("/{account_id}")
async def edit(
    request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm, account_id: int
) -> Response:
    fields = form_fields(form)

    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, account_id, values, error, status)

    async def call() -> Any:
        body = admin_forms.account(fields, creating=False)
        return await gateway.admin.ingest("PATCH", f"accounts/{account_id}", session.tickets_token, json=body)

    return await submit(call, fields, HOME, show)


@router.post("/{account_id}/delete")
async def delete(
    request: Request, gateway: GatewayDep, session: AgentSession, _form: VerifiedForm, account_id: int
) -> Response:
    async def show(values: dict[str, str], error: Error, status: int) -> Response:
        return await _page(request, gateway, session, None, None, error, status)

    async def call() -> Any:
        return await gateway.admin.ingest("DELETE", f"accounts/{account_id}", session.tickets_token)

    return await submit(call, {}, HOME, show)
