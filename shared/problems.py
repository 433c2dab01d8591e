"""Errors as ``application/problem+json`` (RFC 9457), and the verified caller identity, for the
services that trust only a signed identity (stats, notify)."""

from __future__ import annotations

from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from shared.identity import HEADER, Identity, InvalidIdentity, verify_identity


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str | None = None) -> None:
        super().__init__(title)
        self.status, self.title, self.detail = status, title, detail


def problem_response(status: int, title: str, detail: object = None) -> JSONResponse:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        return problem_response(422, "Invalid request", errors)


def identity_dependency(secret_key: str):  # type: ignore[no-untyped-def]
    """A FastAPI dependency: the verified caller, or a 401 problem."""

    async def current_identity(token: str | None = Header(default=None, alias=HEADER)) -> Identity:
        if not token:
            raise Problem(401, "Unauthorized", f"{HEADER} header missing")
        try:
            return verify_identity(token, secret_key)
        except InvalidIdentity as exc:
            raise Problem(401, "Unauthorized", str(exc)) from exc

    return current_identity
