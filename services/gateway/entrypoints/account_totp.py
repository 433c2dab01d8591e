"""The second factor on the agent's settings page: enrol (URI shown as text), confirm with a code, disable."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.gateway.adapters import account_client
from services.gateway.entrypoints.account import settings_response
from services.gateway.entrypoints.context import GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm

router = APIRouter(prefix="/settings/totp")


@router.post("")
async def enrol(request: Request, gateway: GatewayDep, session: AgentSession, _form: VerifiedForm) -> Response:
    enrolment = await account_client.enrol_totp(gateway.tickets, session.tickets_token)
    if enrolment is None:
        return await settings_response(request, gateway, session, "totp_already")
    return await settings_response(request, gateway, session, "totp_enrolled", enrolment=enrolment)


@router.post("/confirm")
async def confirm(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    code = str(form.get("code") or "").strip()
    done = await account_client.confirm_totp(gateway.tickets, session.tickets_token, code)
    return await settings_response(request, gateway, session, "totp_on" if done else "totp_wrong_code")


@router.post("/disable")
async def disable(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    password, code = str(form.get("password") or ""), str(form.get("code") or "").strip()
    done = await account_client.disable_totp(gateway.tickets, session.tickets_token, password, code)
    return await settings_response(request, gateway, session, "totp_off" if done else "totp_refused")
