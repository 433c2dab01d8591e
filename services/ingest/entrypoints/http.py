"""Ingest's HTTP API for administrators: stored raw messages; mail accounts (``http_accounts``).

The caller's identity arrives signed by the tickets service in
``X-Umlauf-Identity`` (the gateway forwards it); raw mail is for administrators.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Response
from pydantic import AwareDatetime

from services.ingest import queries
from services.ingest.app.unit_of_work import UnitOfWorkFactory
from services.ingest.domain.model import RawStatus
from services.ingest.entrypoints import problems
from services.ingest.entrypoints.admin import ERRORS, administrator_dependency
from services.ingest.entrypoints.http_accounts import accounts_router
from services.ingest.entrypoints.http_filters import filters_router
from shared.db import Database


def create_app(database: Database, secret_key: str, uow_factory: UnitOfWorkFactory) -> FastAPI:
    """Reads go to ``database`` (``queries``); commands through units of work from ``uow_factory``."""
    app = FastAPI(title="Umlauf ingest", version="1")
    problems.install(app)
    administrator = administrator_dependency(secret_key)

    router = APIRouter(prefix="/api/v1/ingest", dependencies=[Depends(administrator)], responses=ERRORS)

    @router.get("/messages")
    async def list_messages(
        status: RawStatus | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        before: AwareDatetime | None = None,
    ) -> list[queries.RawMessageRead]:
        """The mail log, newest first; pass the last ``received_at`` as ``before`` for the next page."""
        return await queries.mail_log(database, status=status, limit=limit, before=before)

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
    app.include_router(accounts_router(database, uow_factory, administrator))
    app.include_router(filters_router(database, uow_factory, administrator))
    return app
