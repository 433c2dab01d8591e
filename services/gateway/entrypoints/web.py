"""Cookies, the current session and the CSRF checks, as dependencies of the UI routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.datastructures import FormData

from services.gateway.app.commands import ResumeSession
from services.gateway.config import GatewayOptions
from services.gateway.domain.csrf import check_origin, check_token
from services.gateway.domain.sessions import Session, SessionKind
from services.gateway.entrypoints.context import GatewayDep

SESSION_COOKIE = "umlauf_session"
PORTAL_COOKIE = "umlauf_portal"
"""The customer portal's own cookie: an agent and a customer may be logged in in one browser."""
LOGIN_CSRF_COOKIE = "umlauf_login_csrf"


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def is_secure(request: Request, options: GatewayOptions) -> bool:
    return options.cookie_secure or request.url.scheme == "https"


def set_cookie(response: Response, request: Request, options: GatewayOptions, name: str, value: str) -> None:
    """A cookie only this site's requests carry and no script can read; it ends with the browser."""
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=is_secure(request, options), path="/")


def clear_cookie(response: Response, request: Request, options: GatewayOptions, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=is_secure(request, options))


async def resume(request: Request, gateway: GatewayDep, cookie: str, kind: SessionKind) -> Session | None:
    """The live session of this kind behind the cookie; a session of the other kind counts as none."""
    session_id = request.cookies.get(cookie)
    session = await gateway.bus.handle(ResumeSession(session_id)) if session_id else None
    if session is not None and session.kind != kind:
        session = None
    request.state.session = session
    return session


async def optional_session(request: Request, gateway: GatewayDep) -> Session | None:
    return await resume(request, gateway, SESSION_COOKIE, "agent")


async def required_session(request: Request, session: Annotated[Session | None, Depends(optional_session)]) -> Session:
    if session is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target if request.method == "GET" else "/queues")
    return session


OptionalSession = Annotated[Session | None, Depends(optional_session)]
AgentSession = Annotated[Session, Depends(required_session)]


def check_same_origin(request: Request, options: GatewayOptions) -> None:
    own = f"{request.url.scheme}://{request.url.netloc}"
    check_origin(request.headers.get("origin"), request.headers.get("referer"), [own, *options.trusted_origins])


async def checked_form(request: Request, options: GatewayOptions, session: Session) -> FormData:
    """The posted form, after the Origin and the session's own CSRF token were checked."""
    check_same_origin(request, options)
    form = await request.form()
    submitted = form.get("csrf_token")
    check_token(session.csrf_token, submitted if isinstance(submitted, str) else None)
    return form


async def verified_form(request: Request, gateway: GatewayDep, session: AgentSession) -> FormData:
    """The posted form of a logged-in agent."""
    return await checked_form(request, gateway.options, session)


VerifiedForm = Annotated[FormData, Depends(verified_form)]


async def optional_customer(request: Request, gateway: GatewayDep) -> Session | None:
    return await resume(request, gateway, PORTAL_COOKIE, "customer")


async def required_customer(
    request: Request, session: Annotated[Session | None, Depends(optional_customer)]
) -> Session:
    if session is None:
        raise LoginRequired(request.url.path if request.method == "GET" else "/portal")
    return session


OptionalCustomer = Annotated[Session | None, Depends(optional_customer)]
CustomerSession = Annotated[Session, Depends(required_customer)]


async def verified_portal_form(request: Request, gateway: GatewayDep, session: CustomerSession) -> FormData:
    """The posted form of a logged-in customer."""
    return await checked_form(request, gateway.options, session)


PortalForm = Annotated[FormData, Depends(verified_portal_form)]
