"""The customer portal's login and logout: a customer session, under its own cookie, starts and ends only here."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.gateway.domain.sessions import Agent
from services.gateway.entrypoints import login_flow
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.login_flow import Login, LoginKind
from services.gateway.entrypoints.web import PORTAL_COOKIE, CustomerSession, OptionalCustomer, PortalForm
from services.gateway.presentation.views import safe_next

router = APIRouter(prefix="/portal")
HOME = "/portal"


def _portal_next(path: str) -> str:
    """Only a portal page: a customer is never sent on to an agent page after login."""
    path = safe_next(path)
    return path if path == HOME or path.startswith(HOME + "/") else HOME


async def _authenticate(
    gateway: Gateway, login: str, password: str, client: str | None, otp: str | None
) -> Login | None:
    """Customers have no second factor: ``otp`` is never sent."""
    result = await gateway.portal.login(login, password, client)
    if result is None:
        return None
    c = result.customer
    person = Agent(login=c.login, name=c.name or c.login, email=c.email, language="", is_admin=False)
    return Login(result.token, person, result.expires_at)


async def _end(gateway: Gateway, token: str) -> None:
    await gateway.portal.logout(token)


CUSTOMER = LoginKind(
    kind="customer",
    cookie=PORTAL_COOKIE,
    template="portal/login.html",
    home=HOME,
    login_path="/portal/login",
    authenticate=_authenticate,
    end=_end,
    next_path=_portal_next,
)


@router.get("/login")
async def login_form(request: Request, gateway: GatewayDep, session: OptionalCustomer, next: str = HOME) -> Response:
    if session is not None:
        return login_flow.already_in(CUSTOMER, next)
    return login_flow.login_page(request, gateway, CUSTOMER, next)


@router.post("/login")
async def login(request: Request, gateway: GatewayDep, previous: OptionalCustomer) -> Response:
    return await login_flow.log_in(request, gateway, CUSTOMER, previous)


@router.post("/logout")
async def logout(request: Request, gateway: GatewayDep, session: CustomerSession, _form: PortalForm) -> Response:
    return await login_flow.log_out(request, gateway, CUSTOMER, session)
