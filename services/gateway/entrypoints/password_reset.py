"""Password reset pages for agents (``/password-reset``) and portal customers (``/portal/password-reset``).

Tickets serves both with one route; the pages differ only in where they lead back to.
Before login there is no session, so the forms carry the signed double-submit token of the login form.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.gateway.adapters.reset_client import confirm_reset, request_reset
from services.gateway.domain.csrf import check_token, login_form_token
from services.gateway.domain.sessions import new_secret
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import LOGIN_CSRF_COOKIE, check_same_origin, set_cookie

router = APIRouter()
_STATUS = {None: 200, "sent": 200, "mismatch": 422, "refused": 422, "throttled": 429}


def _page(request: Request, gateway: Gateway, template: str, prefix: str, state: str | None = None) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or new_secret()
    context = {
        "login_token": login_form_token(cookie, gateway.settings.secret_key),
        "prefix": prefix,
        "state": state,
    }
    response = gateway.renderer.page(request, template, context, status_code=_STATUS[state])
    set_cookie(response, request, gateway.options, LOGIN_CSRF_COOKIE, cookie)
    return response


async def _checked_form(request: Request, gateway: Gateway) -> dict[str, str]:
    check_same_origin(request, gateway.options)
    form = await request.form()
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    submitted = form.get("csrf_token")
    check_token(
        login_form_token(cookie, gateway.settings.secret_key) if cookie else None,
        submitted if isinstance(submitted, str) else None,
    )
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _routes(prefix: str) -> None:
    @router.get(f"{prefix}/password-reset")
    async def request_form(request: Request, gateway: GatewayDep) -> Response:
        return _page(request, gateway, "password_reset.html", prefix)

    @router.post(f"{prefix}/password-reset")
    async def request_code(request: Request, gateway: GatewayDep) -> Response:
        form = await _checked_form(request, gateway)
        login = form.get("login", "").strip()
        if login:
            await request_reset(gateway.tickets, login)
        return _page(request, gateway, "password_reset.html", prefix, "sent")

    @router.get(f"{prefix}/password-reset/confirm")
    async def confirm_form(request: Request, gateway: GatewayDep) -> Response:
        return _page(request, gateway, "password_reset_confirm.html", prefix)

    @router.post(f"{prefix}/password-reset/confirm")
    async def confirm(request: Request, gateway: GatewayDep) -> Response:
        form = await _checked_form(request, gateway)
        password = form.get("new_password", "")
        if password != form.get("new_password_again", ""):
            return _page(request, gateway, "password_reset_confirm.html", prefix, "mismatch")
        outcome = await confirm_reset(gateway.tickets, form.get("code", "").strip(), password)
        state = None if outcome == "done" else outcome
        template = "password_reset_done.html" if outcome == "done" else "password_reset_confirm.html"
        return _page(request, gateway, template, prefix, state)


_routes("")
_routes("/portal")
