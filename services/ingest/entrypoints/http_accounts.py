"""``/api/v1/ingest/accounts``: administrators manage the mail accounts ingest polls."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, HTTPException, Response

from services.ingest import account_queries
from services.ingest.account_queries import AccountRead
from services.ingest.app.accounts import change_account, create_account, delete_account
from services.ingest.app.unit_of_work import UnitOfWorkFactory
from services.ingest.entrypoints.accounts_schemas import AccountCreate, AccountUpdate
from services.ingest.entrypoints.admin import ERRORS, RowId
from shared.db import Database
from shared.identity import Identity
from shared.problems import PROBLEM_JSON

_CONFLICT = {409: {"description": "Name taken", "content": {PROBLEM_JSON: {}}}}


def accounts_router(database: Database, uow: UnitOfWorkFactory, administrator: Callable[..., Identity]) -> APIRouter:
    router = APIRouter(prefix="/api/v1/ingest/accounts", dependencies=[Depends(administrator)], responses=ERRORS)

    async def read(account_id: RowId) -> AccountRead:
        found = await account_queries.account(database, account_id)
        if found is None:
            raise HTTPException(404, f"no mail account {account_id}")
        return found

    @router.get("")
    async def list_accounts() -> list[AccountRead]:
        return await account_queries.accounts(database)

    @router.get("/{account_id}")
    async def get_account(account_id: RowId) -> AccountRead:
        return await read(account_id)

    @router.post("", status_code=201, responses=_CONFLICT)
    async def post_account(body: AccountCreate) -> AccountRead:
        return await read(await create_account(body.model_dump(), uow()))

    @router.patch("/{account_id}", responses=_CONFLICT)
    async def patch_account(account_id: RowId, body: AccountUpdate) -> AccountRead:
        await change_account(account_id, body.changes(), uow())
        return await read(account_id)

    @router.delete("/{account_id}", status_code=204)
    async def remove_account(account_id: RowId) -> Response:
        await delete_account(account_id, uow())
        return Response(status_code=204)

    return router
