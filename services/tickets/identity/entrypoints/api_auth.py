"""``/api/v1/auth``: login, logout, who am I, and the signed identity for other services."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from services.tickets.deps import CallerDep, SettingsDep, TokenDep, UowDep
from services.tickets.identity.app import auth
from services.tickets.identity.app.auth import Caller
from services.tickets.identity.domain.secret_box import SecretBox
from services.tickets.identity.entrypoints import api_auth_reset, api_auth_tokens, api_auth_totp
from services.tickets.problems import documented
from services.tickets.ticketing.queries.schemas import AgentOut, OutOfOfficeOut
from shared.identity import Identity, sign_identity

router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=documented(401, 422))
router.include_router(api_auth_tokens.router)
router.include_router(api_auth_totp.router)
router.include_router(api_auth_reset.router)


class LoginIn(BaseModel):
    login: str = Field(min_length=1, max_length=200, examples=["admin"])
    password: str = Field(min_length=1, max_length=1000)
    otp: str | None = Field(default=None, max_length=10, description="The TOTP code, when the agent enabled one.")


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    agent: AgentOut


class PasswordIn(BaseModel):
    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=1, max_length=1000)


class IdentityOut(BaseModel):
    identity: str


def _agent_out(caller: Caller) -> AgentOut:
    a = caller.agent
    return AgentOut(
        login=a.login,
        name=a.name,
        email=a.email,
        language=a.language,
        is_admin=caller.permissions.is_admin,
        out_of_office=OutOfOfficeOut.of(a.out_of_office),
    )


@router.post("/login", responses=documented(429))
async def login(body: LoginIn, uow: UowDep, settings: SettingsDep) -> LoginOut:
    """A 401 with the detail "second factor required" asks for ``otp``."""
    token, expires_at = await auth.login(uow, SecretBox(settings.secret_key), body.login, body.password, body.otp)
    caller = await auth.authenticate(uow, token)
    return LoginOut(token=token, expires_at=expires_at, agent=_agent_out(caller))


@router.post("/logout", status_code=204)
async def logout(token: TokenDep, uow: UowDep, _: CallerDep) -> Response:
    await auth.logout(uow, token)
    return Response(status_code=204)


@router.get("/me")
async def me(caller: CallerDep) -> AgentOut:
    return _agent_out(caller)


@router.get("/identity")
async def identity(caller: CallerDep, settings: SettingsDep) -> IdentityOut:
    """A short-lived signed identity that the gateway forwards to stats (``X-Umlauf-Identity``)."""
    who = Identity(
        kind="agent",
        login=caller.agent.login,
        is_admin=caller.permissions.is_admin,
        readable_queue_ids=sorted(caller.readable_queue_ids),
    )
    return IdentityOut(identity=sign_identity(who, settings.secret_key))


@router.post("/password", status_code=204, responses=documented(403))
async def change_password(body: PasswordIn, token: TokenDep, caller: CallerDep, uow: UowDep) -> Response:
    """Change your password; your other sessions end."""
    await auth.change_password(uow, caller, token, body.current_password, body.new_password)
    return Response(status_code=204)
