"""Who may use ingest's HTTP API: administrators, as the identity signed by tickets says."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Header, HTTPException, Path

from shared.identity import HEADER, Identity, InvalidIdentity, verify_identity
from shared.problems import PROBLEM_JSON

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
"""An account's or filter's id in a path: what the database's integer column can hold."""

ERRORS = {
    status: {"description": title, "content": {PROBLEM_JSON: {}}}
    for status, title in (
        (401, "No valid identity"),
        (403, "Not an administrator"),
        (404, "Not found"),
        (422, "Invalid request"),
    )
}


def administrator_dependency(secret_key: str) -> Callable[..., Identity]:
    def administrator(token: Annotated[str | None, Header(alias=HEADER)] = None) -> Identity:
        if token is None:
            raise HTTPException(401, f"{HEADER} header required")
        try:
            identity = verify_identity(token, secret_key)
        except InvalidIdentity as exc:
            raise HTTPException(401, str(exc)) from exc
        if not identity.is_admin:
            raise HTTPException(403, "ingest's API is for administrators")
        return identity

    return administrator
