"""Reads of postmaster filters for the HTTP API."""

from __future__ import annotations

from sqlalchemy import select

from services.ingest.adapters.orm import postmaster_filters
from services.ingest.entrypoints.filters_schemas import FilterRead
from shared.db import Database

_COLUMNS = [postmaster_filters.c[name] for name in FilterRead.model_fields]


async def filters(database: Database) -> list[FilterRead]:
    """All filters in the order they run."""
    async with database.sessions() as session:
        rows = await session.execute(select(*_COLUMNS).order_by(postmaster_filters.c.position, postmaster_filters.c.id))
    return [FilterRead.model_validate(row._asdict()) for row in rows]


async def one(database: Database, filter_id: int) -> FilterRead | None:
    async with database.sessions() as session:
        row = (await session.execute(select(*_COLUMNS).where(postmaster_filters.c.id == filter_id))).first()
    return FilterRead.model_validate(row._asdict()) if row else None
