"""Errors as ``application/problem+json`` (RFC 9457), in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from services.ingest.domain.accounts import AccountNameTaken, AccountNotFound, InvalidAccount
from services.ingest.domain.filters import FilterNameTaken, FilterNotFound

_STATUS: dict[type[Exception], tuple[int, str]] = {
    AccountNotFound: (404, "Not found"),
    AccountNameTaken: (409, "Conflict"),
    InvalidAccount: (422, "Invalid request"),
    FilterNotFound: (404, "Not found"),
    FilterNameTaken: (409, "Conflict"),
}

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return problem(422, "Invalid request", detail)

    for error, (status, title) in _STATUS.items():

        def handler(request: Request, exc: Exception, status: int = status, title: str = title) -> JSONResponse:
            return problem(status, title, str(exc))

        app.add_exception_handler(error, handler)
