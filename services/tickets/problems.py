"""The tickets service's errors mapped to problem+json in one place (the body is ``shared.problems``).

A 409 tells its kind by a stable problem ``type`` (``urn:umlauf:problem:<code>``) and the
extension member ``code`` (see :class:`ConflictProblem`), so clients need not parse ``detail``.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy.exc import DBAPIError, IntegrityError

from services.tickets import errors
from shared import problems
from shared.problems import PROBLEM_JSON, Problem, problem_response

log = logging.getLogger(__name__)
STATUS: dict[type[Exception], int] = {
    errors.Unauthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.Invalid: 422,
    errors.TooManyAttempts: 429,
    errors.DomainError: 422,
}

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


def status_of(exc: Exception) -> int:
    return problems.status_of(exc, STATUS)


def members_of(exc: Exception) -> dict[str, object]:
    """The extension members of the problem for ``exc``: a 409's ``type``, ``code`` and ``locked_by``."""
    if not isinstance(exc, errors.Conflict):
        return {}
    members: dict[str, object] = {"type": problem_type(exc.code), "code": exc.code}
    if isinstance(exc, errors.LockedByOther) and exc.holder:
        members["locked_by"] = exc.holder
    return members


async def _database_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DBAPIError)
    # SQLSTATE class 22 is a value the database refuses (a NUL character, a number out of range): bad input.
    code = str(getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None) or "")
    if isinstance(exc, IntegrityError):
        # Two requests raced for the same unique name or address; the loser learns it here.
        raced = errors.AlreadyExists("the change conflicts with an existing entry")
        return problem_response(409, str(raced), **members_of(raced))
    if code.startswith("22"):
        return problem_response(422, "the request contains a value the database cannot take")
    log.error("database error", exc_info=exc)
    return problem_response(500, "the database failed")


def install(app: FastAPI) -> None:
    problems.install_problem_handlers(app, STATUS, members=members_of, challenge="Bearer")
    app.add_exception_handler(DBAPIError, _database_error)
