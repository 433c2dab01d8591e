"""The agent's settings page: change the password, list, create and revoke API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from services.gateway.adapters import account_client
from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm

router = APIRouter(prefix="/settings")
_STATUS = {None: 200, "created": 201, "changed": 200, "wrong": 403, "weak": 422, "mismatch": 422, "bad_token": 422}
_STATUS |= {"totp_enrolled": 200, "totp_on": 200, "totp_off": 200, "totp_already": 409}
_STATUS |= {"totp_wrong_code": 422, "totp_refused": 403}


async def settings_response(
    request: Request, gateway: Gateway, session: Session, state: str | None = None, **extra: Any
) -> Response:
    """The settings page, with the outcome of the last form (``state``) shown beside it."""
    context = {"tokens": await account_client.tokens(gateway.tickets, session.tickets_token), "state": state, **extra}
    return gateway.renderer.page(request, "settings.html", context, session=session, status_code=_STATUS[state])


@router.get("")
async def settings_page(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    return await settings_response(request, gateway, session)


@router.post("/password")
async def password(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    new = str(form.get("new_password") or "")
    if new != str(form.get("new_password_again") or ""):
        return await settings_response(request, gateway, session, "mismatch")
    current = str(form.get("current_password") or "")
    outcome = await account_client.change_password(gateway.tickets, session.tickets_token, current, new)
    return await settings_response(request, gateway, session, "changed" if outcome == "done" else outcome)


@router.post("/tokens")
async def create_token(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    days = str(form.get("days") or "90")
    name = str(form.get("name") or "").strip()
    created = (
        await account_client.create_token(gateway.tickets, session.tickets_token, name, int(days))
        if days.isdigit() and name
        else None
    )
    if created is None:
        return await settings_response(request, gateway, session, "bad_token")
    return await settings_response(request, gateway, session, "created", created=created)


@router.post("/tokens/{token_id}/revoke")
async def revoke_token(gateway: GatewayDep, session: AgentSession, _form: VerifiedForm, token_id: int) -> Response:
    await account_client.revoke_token(gateway.tickets, session.tickets_token, token_id)
    return RedirectResponse("/settings", status_code=303)
