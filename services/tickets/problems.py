"""Errors as ``application/problem+json`` (RFC 9457), mapped in one place.

A 409 tells its kind by a stable problem ``type`` (``urn:umlauf:problem:<code>``) and the
extension member ``code`` (see :class:`ConflictProblem`), so clients need not parse ``detail``.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException

from services.tickets import errors

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
STATUS: dict[type[errors.DomainError], int] = {
    errors.Unauthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Invalid: 422,
    errors.TooManyAttempts: 429,
}


class Problem(BaseModel):
    """An error (RFC 9457); 422 adds ``errors``, one per invalid field."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


ConflictCode = Literal["stale-version", "locked-by-other", "already-exists", "wrong-state", "conflict"]


class ConflictProblem(Problem):
    """A 409; ``code`` names its kind, and ``type`` is ``urn:umlauf:problem:<code>``.

    ``stale-version``: the ticket changed since the ``If-Match`` version (read it again);
    ``locked-by-other``: another agent holds the ticket's lock; ``already-exists``: the name
    is taken; ``wrong-state``: not possible in the current state (e.g. a second factor already on).
    """

    code: ConflictCode
    locked_by: str | None = Field(default=None, description="With locked-by-other: the login holding the lock.")


def problem_type(code: str) -> str:
    return f"urn:umlauf:problem:{code}"


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error codes, all problem+json (``model`` registers the schema)."""
    return {code: _documented(ConflictProblem if code == 409 else Problem, code) for code in codes}


def _documented(model: type[Problem], code: int) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"model": model, "description": HTTPStatus(code).phrase, "content": {PROBLEM_JSON: {"schema": schema}}}


def status_of(exc: errors.DomainError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 422)


def members_of(exc: errors.DomainError) -> dict[str, object]:
    """The extension members of the problem for ``exc``: a 409's ``type``, ``code`` and ``locked_by``."""
    if not isinstance(exc, errors.Conflict):
        return {}
    members: dict[str, object] = {"type": problem_type(exc.code), "code": exc.code}
    if isinstance(exc, errors.LockedByOther) and exc.holder:
        members["locked_by"] = exc.holder
    return members


def problem(status: int, detail: str, **extra: object) -> JSONResponse:
    """A problem+json response; ``extra`` adds extension members (and may set ``type``)."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.DomainError)
    async def domain_error(_: Request, exc: errors.DomainError) -> JSONResponse:
        return problem(status_of(exc), str(exc), **members_of(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        issues = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return problem(422, "the request is not valid", errors=issues)

    @app.exception_handler(DBAPIError)
    async def database_error(_: Request, exc: DBAPIError) -> JSONResponse:
        # SQLSTATE class 22 is a value the database refuses (a NUL character, a number out of range): bad input.
        code = str(getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None) or "")
        if isinstance(exc, IntegrityError):
            # Two requests raced for the same unique name or address; the loser learns it here.
            raced = errors.AlreadyExists("the change conflicts with an existing entry")
            return problem(409, str(raced), **members_of(raced))
        if code.startswith("22"):
            return problem(422, "the request contains a value the database cannot take")
        log.error("database error", exc_info=exc)
        return problem(500, "the database failed")

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail))
