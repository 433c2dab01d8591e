"""Login and logout: the only places an agent's session starts or ends on purpose."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.gateway.domain.sessions import Agent
from services.gateway.entrypoints import login_flow
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.login_flow import Login, LoginKind
from services.gateway.entrypoints.web import SESSION_COOKIE, AgentSession, OptionalSession, VerifiedForm
from services.gateway.presentation.views import safe_next

router = APIRouter()


async def _authenticate(
    gateway: Gateway, login: str, password: str, client: str | None, otp: str | None
) -> Login | None:
    result = await gateway.tickets.login(login, password, client, otp)
    if result is None:
        return None
    a = result.agent
    agent = Agent(login=a.login, name=a.name or a.login, email=a.email, language=a.language, is_admin=a.is_admin)
    return Login(result.token, agent, result.expires_at)


async def _end(gateway: Gateway, token: str) -> None:
    await gateway.tickets.logout(token)


AGENT = LoginKind(
    kind="agent",
    cookie=SESSION_COOKIE,
    template="login.html",
    home="/queues",
    login_path="/login",
    authenticate=_authenticate,
    end=_end,
    next_path=safe_next,
)


@router.get("/login")
async def login_form(
    request: Request, gateway: GatewayDep, session: OptionalSession, next: str = "/queues"
) -> Response:
    if session is not None:
        return login_flow.already_in(AGENT, next)
    return login_flow.login_page(request, gateway, AGENT, next)


@router.post("/login")
async def login(request: Request, gateway: GatewayDep, previous: OptionalSession) -> Response:
    return await login_flow.log_in(request, gateway, AGENT, previous)


@router.post("/logout")
async def logout(request: Request, gateway: GatewayDep, session: AgentSession, _form: VerifiedForm) -> Response:
    return await login_flow.log_out(request, gateway, AGENT, session)
