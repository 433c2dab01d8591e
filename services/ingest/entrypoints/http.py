"""Ingest's HTTP API: read a stored raw message (administrators only).

The caller's identity arrives signed by the tickets service in
``X-Umlauf-Identity`` (the gateway forwards it); raw mail is for administrators.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Response

from services.ingest import queries
from services.ingest.entrypoints.problems import PROBLEM_JSON, install_problem_handlers
from shared.db import Database
from shared.identity import HEADER, Identity, InvalidIdentity, verify_identity

_ERRORS = {
    status: {"description": title, "content": {PROBLEM_JSON: {}}}
    for status, title in ((401, "No valid identity"), (403, "Not an administrator"), (404, "No such message"))
}


def create_app(database: Database, secret_key: str) -> FastAPI:
    app = FastAPI(title="Umlauf ingest", version="1")
    install_problem_handlers(app)

    def administrator(token: Annotated[str | None, Header(alias=HEADER)] = None) -> Identity:
        if token is None:
            raise HTTPException(401, f"{HEADER} header required")
        try:
            identity = verify_identity(token, secret_key)
        except InvalidIdentity as exc:
            raise HTTPException(401, str(exc)) from exc
        if not identity.is_admin:
            raise HTTPException(403, "raw messages are for administrators")
        return identity

    router = APIRouter(prefix="/api/v1/ingest", dependencies=[Depends(administrator)], responses=_ERRORS)

    @router.get("/messages/{message_id}")
    async def get_message(message_id: uuid.UUID) -> queries.RawMessageRead:
        message = await queries.raw_message(database, message_id)
        if message is None:
            raise HTTPException(404, f"no raw message {message_id}")
        return message

    @router.get(
        "/messages/{message_id}/raw", response_class=Response, responses={200: {"content": {"message/rfc822": {}}}}
    )
    async def get_raw(message_id: uuid.UUID) -> Response:
        raw = await queries.raw_bytes(database, message_id)
        if raw is None:
            raise HTTPException(404, f"no raw message {message_id}")
        return Response(
            raw,
            media_type="message/rfc822",
            headers={"Content-Disposition": f'attachment; filename="{message_id}.eml"'},
        )

    app.include_router(router)
    return app
