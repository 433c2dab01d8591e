"""``/api/v1/ingest/filters``: administrators define the ordered postmaster filters."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, HTTPException, Response

from services.ingest import filter_queries
from services.ingest.app.filters import change_filter, create_filter, delete_filter
from services.ingest.app.unit_of_work import UnitOfWorkFactory
from services.ingest.entrypoints.admin import ERRORS, RowId
from services.ingest.entrypoints.filters_schemas import FilterCreate, FilterRead, FilterUpdate
from shared.db import Database
from shared.identity import Identity
from shared.problems import PROBLEM_JSON

_CONFLICT = {409: {"description": "Name taken", "content": {PROBLEM_JSON: {}}}}


def filters_router(database: Database, uow: UnitOfWorkFactory, administrator: Callable[..., Identity]) -> APIRouter:
    router = APIRouter(prefix="/api/v1/ingest/filters", dependencies=[Depends(administrator)], responses=ERRORS)

    async def read(filter_id: RowId) -> FilterRead:
        found = await filter_queries.one(database, filter_id)
        if found is None:
            raise HTTPException(404, f"no postmaster filter {filter_id}")
        return found

    @router.get("")
    async def list_filters() -> list[FilterRead]:
        return await filter_queries.filters(database)

    @router.get("/{filter_id}")
    async def get_filter(filter_id: RowId) -> FilterRead:
        return await read(filter_id)

    @router.post("", status_code=201, responses=_CONFLICT)
    async def post_filter(body: FilterCreate) -> FilterRead:
        return await read(await create_filter(body.model_dump(), uow()))

    @router.patch("/{filter_id}", responses=_CONFLICT)
    async def patch_filter(filter_id: RowId, body: FilterUpdate) -> FilterRead:
        await change_filter(filter_id, body.model_dump(exclude_none=True), uow())
        return await read(filter_id)

    @router.delete("/{filter_id}", status_code=204)
    async def remove_filter(filter_id: RowId) -> Response:
        await delete_filter(filter_id, uow())
        return Response(status_code=204)

    return router
