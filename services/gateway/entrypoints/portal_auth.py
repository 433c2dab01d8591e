"""The customer portal's login and logout: a customer session, under its own cookie, starts and ends only here."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from services.gateway.adapters.tickets_client import TicketsUnavailable, TooManyAttempts
from services.gateway.domain.csrf import check_token, login_form_token
from services.gateway.domain.sessions import Agent, new_secret
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import (
    LOGIN_CSRF_COOKIE,
    PORTAL_COOKIE,
    CustomerSession,
    OptionalCustomer,
    PortalForm,
    check_same_origin,
    clear_cookie,
    set_cookie,
)
from services.gateway.views import safe_next

router = APIRouter(prefix="/portal")
log = logging.getLogger(__name__)
HOME = "/portal"


def _portal_next(path: str) -> str:
    """Only a portal page: a customer is never sent on to an agent page after login."""
    path = safe_next(path)
    return path if path == HOME or path.startswith(HOME + "/") else HOME


def _login_page(request: Request, gateway: Gateway, next_path: str, error: str | None = None) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or new_secret()
    context = {
        "login_token": login_form_token(cookie, gateway.settings.secret_key),
        "next": _portal_next(next_path),
        "error": error,
    }
    status = {None: 200, "wrong": 401, "throttled": 429}[error]
    response = gateway.renderer.page(request, "portal/login.html", context, status_code=status)
    set_cookie(response, request, gateway.options, LOGIN_CSRF_COOKIE, cookie)
    return response


@router.get("/login")
async def login_form(request: Request, gateway: GatewayDep, session: OptionalCustomer, next: str = HOME) -> Response:
    if session is not None:
        return RedirectResponse(_portal_next(next), status_code=303)
    return _login_page(request, gateway, next)


@router.post("/login")
async def login(request: Request, gateway: GatewayDep, previous: OptionalCustomer) -> Response:
    check_same_origin(request, gateway.options)
    form = await request.form()
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    submitted = form.get("csrf_token")
    check_token(
        login_form_token(cookie, gateway.settings.secret_key) if cookie else None,
        submitted if isinstance(submitted, str) else None,
    )
    next_path = str(form.get("next") or HOME)
    client = request.client.host if request.client else None
    if await gateway.throttle.retry_after(client) is not None:
        return _login_page(request, gateway, next_path, error="throttled")
    login_name, password = str(form.get("login") or ""), str(form.get("password") or "")
    try:
        result = await gateway.portal.login(login_name, password, client)
    except TooManyAttempts:
        return _login_page(request, gateway, next_path, error="throttled")
    if result is None:
        await gateway.throttle.failed(client, login_name, password)
        return _login_page(request, gateway, next_path, error="wrong")
    c = result.customer
    person = Agent(login=c.login, name=c.name or c.login, email=c.email, language="", is_admin=False)
    if previous is not None:
        await gateway.sessions.end(previous)
    session_id, _ = await gateway.sessions.start(result.token, person, result.expires_at, kind="customer")
    response = RedirectResponse(_portal_next(next_path), status_code=303)
    set_cookie(response, request, gateway.options, PORTAL_COOKIE, session_id)
    clear_cookie(response, request, gateway.options, LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(request: Request, gateway: GatewayDep, session: CustomerSession, _form: PortalForm) -> Response:
    await gateway.sessions.end(session)
    try:
        await gateway.portal.logout(session.tickets_token)
    except TicketsUnavailable:
        log.warning("could not end the tickets session of customer %s", session.agent.login)
    response = RedirectResponse("/portal/login", status_code=303)
    clear_cookie(response, request, gateway.options, PORTAL_COOKIE)
    return response
