"""Errors as ``application/problem+json`` (RFC 9457): one body shape for every service.

Every error body has ``type``, ``title`` (the status phrase), ``status`` and ``detail`` (a string);
a 422 for an invalid request adds the extension member ``errors``, one ``{loc, msg, type}`` per
invalid field. A service maps its own domain errors to status codes in one place and passes the
mapping to :func:`install_problem_handlers`; extension members (tickets' conflict ``code``) come
from its ``members`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from shared.identity import HEADER, Identity, InvalidIdentity, verify_identity

PROBLEM_JSON = "application/problem+json"
INVALID_REQUEST = "the request is not valid"


class FieldError(BaseModel):
    """One invalid field of a request: where (``loc``), what is wrong (``msg``), its kind (``type``)."""

    loc: list[str]
    msg: str
    type: str


class Problem(BaseModel):
    """An error (RFC 9457); 422 adds ``errors``, one per invalid field."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class ProblemError(Exception):
    """Raise to answer with a problem; ``members`` are extension members (and may set ``type``)."""

    def __init__(self, status: int, detail: str, **members: object) -> None:
        super().__init__(detail)
        self.status, self.detail, self.members = status, detail, members


def problem_response(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **members: object
) -> JSONResponse:
    """A problem+json response; ``members`` adds extension members (and may set ``type``)."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail, **members}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]


def status_of(exc: Exception, statuses: Mapping[type[Exception], int], default: int = 422) -> int:
    """The status of the nearest class of ``exc`` in ``statuses``."""
    return next((statuses[kind] for kind in type(exc).__mro__ if kind in statuses), default)


def install_problem_handlers(
    app: FastAPI,
    statuses: Mapping[type[Exception], int] | None = None,
    *,
    members: Callable[[Exception], Mapping[str, object]] | None = None,
    challenge: str | None = None,
) -> None:
    """Answer HTTP errors, invalid requests and the service's domain errors (``statuses``) as problems.

    ``challenge`` is the ``WWW-Authenticate`` value of a 401 (a service that takes bearer tokens).
    """
    statuses = dict(statuses or {})

    def respond(status: int, detail: str, headers: Mapping[str, str] | None = None, **extra: object) -> JSONResponse:
        if status == 401 and challenge:
            headers = {**(headers or {}), "WWW-Authenticate": challenge}
        return problem_response(status, detail, headers=headers, **extra)

    async def problem_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return respond(exc.status, exc.detail, **exc.members)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return respond(exc.status_code, str(exc.detail), exc.headers)

    async def invalid(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return respond(422, INVALID_REQUEST, errors=field_errors(exc))

    async def domain_error(_: Request, exc: Exception) -> JSONResponse:
        return respond(status_of(exc, statuses), str(exc), **(members(exc) if members else {}))

    app.add_exception_handler(ProblemError, problem_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    for kind in statuses:
        app.add_exception_handler(kind, domain_error)


def identity_dependency(secret_key: str):  # type: ignore[no-untyped-def]
    """A FastAPI dependency: the verified caller, or a 401 problem."""

    async def current_identity(token: str | None = Header(default=None, alias=HEADER)) -> Identity:
        if not token:
            raise ProblemError(401, f"{HEADER} header missing")
        try:
            return verify_identity(token, secret_key)
        except InvalidIdentity as exc:
            raise ProblemError(401, str(exc)) from exc

    return current_identity
