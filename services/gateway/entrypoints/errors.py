"""Failures as the caller should see them: HTML pages in the UI, problem+json under /api.

No stack trace ever reaches a browser; the tickets service being down is a page
that says so, not a 500.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException

from services.gateway.adapters.admin_client import ServiceUnavailable
from services.gateway.adapters.stats_client import StatsUnavailable
from services.gateway.adapters.tickets_actions import Refused
from services.gateway.adapters.tickets_client import Forbidden, NotFound, TicketsUnavailable, Unauthorized
from services.gateway.app.commands import EndSession
from services.gateway.domain.csrf import CsrfRefused
from services.gateway.entrypoints.context import get_gateway
from services.gateway.entrypoints.web import PORTAL_COOKIE, SESSION_COOKIE, LoginRequired, clear_cookie
from shared.problems import INVALID_REQUEST, field_errors, problem_response

log = logging.getLogger(__name__)

_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    422: "Invalid input",
    500: "Internal error",
    503: "Service unavailable",
}


def _error(request: Request, status: int, kind: str) -> Response:
    title = _TITLES.get(status, "Error")
    if request.url.path.startswith("/api/"):
        return problem_response(status, title)
    gateway = get_gateway(request)
    session = getattr(request.state, "session", None)
    return gateway.renderer.page(
        request, "error.html", {"status": status, "kind": kind}, session=session, status_code=status
    )


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    login = "/portal/login" if exc.next_path.startswith("/portal") else "/login"
    query = "?" + urlencode({"next": exc.next_path}) if exc.next_path not in ("/", "/queues", "/portal") else ""
    return RedirectResponse(f"{login}{query}", status_code=303)


async def _tickets_session_ended(request: Request, exc: Exception) -> Response:
    """Tickets no longer accepts the token (expired, revoked): end our session too."""
    gateway = get_gateway(request)
    session = getattr(request.state, "session", None)
    if session is not None:
        await gateway.bus.handle(EndSession(session.key))
    portal = request.url.path.startswith("/portal")
    response = RedirectResponse("/portal/login" if portal else "/login", status_code=303)
    clear_cookie(response, request, gateway.options, PORTAL_COOKIE if portal else SESSION_COOKIE)
    return response


async def _csrf(request: Request, exc: Exception) -> Response:
    log.warning("refused a form: %s", exc)
    return _error(request, 403, "csrf")


async def _unavailable(request: Request, exc: Exception) -> Response:
    log.error("tickets service unavailable: %s", exc)
    return _error(request, 503, "unavailable")


async def _stats_unavailable(request: Request, exc: Exception) -> Response:
    log.error("stats service unavailable: %s", exc)
    return _error(request, 503, "stats_unavailable")


async def _service_unavailable(request: Request, exc: Exception) -> Response:
    log.error("service unavailable: %s", exc)
    return _error(request, 503, "service_unavailable")


async def _refused(request: Request, exc: Exception) -> Response:
    """A page (not a form) another service refused, e.g. ingest's admin pages for a non-administrator."""
    assert isinstance(exc, Refused)
    return _error(request, exc.status, "refused")


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(request, exc.status_code, "http")


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if request.url.path.startswith("/api/"):
        return problem_response(422, INVALID_REQUEST, errors=field_errors(exc))
    return _error(request, 422, "invalid")


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return _error(request, 500, "internal")


def install(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(Unauthorized, _tickets_session_ended)
    app.add_exception_handler(CsrfRefused, _csrf)
    app.add_exception_handler(TicketsUnavailable, _unavailable)
    app.add_exception_handler(StatsUnavailable, _stats_unavailable)
    app.add_exception_handler(ServiceUnavailable, _service_unavailable)
    app.add_exception_handler(Refused, _refused)
    app.add_exception_handler(NotFound, lambda request, exc: _error(request, 404, "not_found"))
    app.add_exception_handler(Forbidden, lambda request, exc: _error(request, 403, "forbidden"))
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
