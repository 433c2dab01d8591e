"""The one login and logout flow, for either kind of session (agent or portal customer).

The steps are the same for both: the pre-login CSRF double-submit and the Origin check,
the per-address throttle, the credentials to tickets, a fresh session id under the kind's
own cookie, and a redirect to a page of that kind. Only the kind differs (``LoginKind``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from services.gateway.adapters.tickets_client import SecondFactorRequired, TicketsUnavailable, TooManyAttempts
from services.gateway.app.commands import CheckLoginThrottle, EndSession, RecordFailedLogin, StartSession
from services.gateway.domain.csrf import check_token, login_form_token
from services.gateway.domain.sessions import Agent, Session, SessionKind, new_secret
from services.gateway.entrypoints.context import Gateway
from services.gateway.entrypoints.web import LOGIN_CSRF_COOKIE, check_same_origin, clear_cookie, set_cookie

log = logging.getLogger(__name__)

STATUS = {None: 200, "wrong": 401, "otp": 401, "wrong_otp": 401, "throttled": 429}


@dataclass(frozen=True)
class Login:
    """What tickets answers to good credentials."""

    token: str
    person: Agent
    expires_at: datetime | None


# (gateway, login, password, client address, TOTP code) -> the login, or None for wrong credentials
Authenticate = Callable[[Gateway, str, str, str | None, str | None], Awaitable[Login | None]]
Logout = Callable[[Gateway, str], Awaitable[None]]


@dataclass(frozen=True)
class LoginKind:
    kind: SessionKind
    cookie: str
    template: str
    home: str
    login_path: str
    authenticate: Authenticate
    end: Logout
    next_path: Callable[[str], str]
    """Where a login may lead: a page of this kind only."""


def login_page(
    request: Request,
    gateway: Gateway,
    kind: LoginKind,
    next_path: str,
    error: str | None = None,
    second_factor: tuple[str, str] | None = None,
) -> Response:
    """The login form; with ``second_factor`` (login, password) the code form, carrying both in hidden
    fields to the next POST: the password is never kept in a cookie or on the server."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or new_secret()
    context = {
        "login_token": login_form_token(cookie, gateway.settings.secret_key),
        "next": kind.next_path(next_path),
        "error": error,
        "second_factor": second_factor,
    }
    response = gateway.renderer.page(request, kind.template, context, status_code=STATUS[error])
    set_cookie(response, request, gateway.options, LOGIN_CSRF_COOKIE, cookie)
    return response


def already_in(kind: LoginKind, next_path: str) -> Response:
    return RedirectResponse(kind.next_path(next_path), status_code=303)


async def log_in(request: Request, gateway: Gateway, kind: LoginKind, previous: Session | None) -> Response:
    check_same_origin(request, gateway.options)
    form = await request.form()
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    submitted = form.get("csrf_token")
    check_token(
        login_form_token(cookie, gateway.settings.secret_key) if cookie else None,
        submitted if isinstance(submitted, str) else None,
    )
    next_path = str(form.get("next") or kind.home)
    client = request.client.host if request.client else None
    if await gateway.bus.handle(CheckLoginThrottle(client)) is not None:
        return login_page(request, gateway, kind, next_path, error="throttled")
    login_name, password = str(form.get("login") or ""), str(form.get("password") or "")
    otp = str(form.get("otp") or "").strip() or None
    try:
        result = await kind.authenticate(gateway, login_name, password, client, otp)
    except TooManyAttempts:
        return login_page(request, gateway, kind, next_path, error="throttled")
    except SecondFactorRequired as asked:
        if asked.wrong:  # each wrong code is a guess of its own
            await gateway.bus.handle(RecordFailedLogin(client, login_name, f"{password}\0{otp}"))
        error = "wrong_otp" if asked.wrong else "otp"
        return login_page(request, gateway, kind, next_path, error=error, second_factor=(login_name, password))
    if result is None:
        await gateway.bus.handle(RecordFailedLogin(client, login_name, password))
        return login_page(request, gateway, kind, next_path, error="wrong")
    if previous is not None:  # logging in again (another tab): the old session ends here
        await gateway.bus.handle(EndSession(previous.key))
    session_id, _ = await gateway.bus.handle(
        StartSession(result.token, result.person, result.expires_at, kind=kind.kind)
    )
    response = RedirectResponse(kind.next_path(next_path), status_code=303)
    # A fresh id at every login: a cookie planted before login is worth nothing after it.
    set_cookie(response, request, gateway.options, kind.cookie, session_id)
    clear_cookie(response, request, gateway.options, LOGIN_CSRF_COOKIE)
    return response


async def log_out(request: Request, gateway: Gateway, kind: LoginKind, session: Session) -> Response:
    await gateway.bus.handle(EndSession(session.key))
    gateway.identities.forget_token(session.tickets_token)
    try:
        await kind.end(gateway, session.tickets_token)
    except TicketsUnavailable:
        # The gateway session is gone either way; the tickets token runs out on its own.
        log.warning("could not end the tickets session of %s %s", kind.kind, session.agent.login)
    response = RedirectResponse(kind.login_path, status_code=303)
    clear_cookie(response, request, gateway.options, kind.cookie)
    return response
