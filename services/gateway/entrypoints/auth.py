"""Login and logout: the only places a session starts or ends on purpose."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from services.gateway.adapters.tickets_client import SecondFactorRequired, TicketsUnavailable, TooManyAttempts
from services.gateway.domain.csrf import check_token, login_form_token
from services.gateway.domain.sessions import Agent, new_secret
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    AgentSession,
    OptionalSession,
    VerifiedForm,
    check_same_origin,
    clear_cookie,
    set_cookie,
)
from services.gateway.views import safe_next

router = APIRouter()
log = logging.getLogger(__name__)


def _login_page(
    request: Request,
    gateway: Gateway,
    next_path: str,
    error: str | None = None,
    second_factor: tuple[str, str] | None = None,
) -> Response:
    """The login form; with ``second_factor`` (login, password) the code form, carrying both in hidden
    fields to the next POST: the password is never kept in a cookie or on the server."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or new_secret()
    response = gateway.renderer.page(
        request,
        "login.html",
        {
            "login_token": login_form_token(cookie, gateway.settings.secret_key),
            "next": safe_next(next_path),
            "error": error,
            "second_factor": second_factor,
        },
        status_code={None: 200, "wrong": 401, "otp": 401, "wrong_otp": 401, "throttled": 429}[error],
    )
    set_cookie(response, request, gateway.options, LOGIN_CSRF_COOKIE, cookie)
    return response


@router.get("/login")
async def login_form(
    request: Request, gateway: GatewayDep, session: OptionalSession, next: str = "/queues"
) -> Response:
    if session is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, gateway, next)


@router.post("/login")
async def login(request: Request, gateway: GatewayDep, previous: OptionalSession) -> Response:
    check_same_origin(request, gateway.options)
    form = await request.form()
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    submitted = form.get("csrf_token")
    check_token(
        login_form_token(cookie, gateway.settings.secret_key) if cookie else None,
        submitted if isinstance(submitted, str) else None,
    )
    next_path = str(form.get("next") or "/queues")
    client = request.client.host if request.client else None
    if await gateway.throttle.retry_after(client) is not None:
        return _login_page(request, gateway, next_path, error="throttled")
    login_name, password = str(form.get("login") or ""), str(form.get("password") or "")
    otp = str(form.get("otp") or "").strip() or None
    try:
        result = await gateway.tickets.login(login_name, password, client, otp)
    except TooManyAttempts:
        return _login_page(request, gateway, next_path, error="throttled")
    except SecondFactorRequired as asked:
        if asked.wrong:  # each wrong code is a guess of its own
            await gateway.throttle.failed(client, login_name, f"{password}\0{otp}")
        error = "wrong_otp" if asked.wrong else "otp"
        return _login_page(request, gateway, next_path, error=error, second_factor=(login_name, password))
    if result is None:
        await gateway.throttle.failed(client, login_name, password)
        return _login_page(request, gateway, next_path, error="wrong")
    agent = Agent(
        login=result.agent.login,
        name=result.agent.name or result.agent.login,
        email=result.agent.email,
        language=result.agent.language,
        is_admin=result.agent.is_admin,
    )
    if previous is not None:  # logging in again (another tab): the old session ends here
        await gateway.sessions.end(previous)
    session_id, _ = await gateway.sessions.start(result.token, agent, result.expires_at)
    response = RedirectResponse(safe_next(next_path), status_code=303)
    # A fresh id at every login: a cookie planted before login is worth nothing after it.
    set_cookie(response, request, gateway.options, SESSION_COOKIE, session_id)
    clear_cookie(response, request, gateway.options, LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(request: Request, gateway: GatewayDep, session: AgentSession, _form: VerifiedForm) -> Response:
    await gateway.sessions.end(session)
    try:
        await gateway.tickets.logout(session.tickets_token)
    except TicketsUnavailable:
        # The gateway session is gone either way; the tickets token runs out on its own.
        log.warning("could not end the tickets session of %s", session.agent.login)
    response = RedirectResponse("/login", status_code=303)
    clear_cookie(response, request, gateway.options, SESSION_COOKIE)
    return response
