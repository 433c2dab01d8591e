"""Administrators' commands on postmaster filters: each one transaction."""

from __future__ import annotations

from typing import Any

from services.ingest.app.unit_of_work import IngestUnitOfWork


async def create_filter(values: dict[str, Any], uow: IngestUnitOfWork) -> int:
    async with uow:
        filter_id = await uow.filters.add(values)
        await uow.commit()
    return filter_id


async def change_filter(filter_id: int, values: dict[str, Any], uow: IngestUnitOfWork) -> None:
    async with uow:
        await uow.filters.change(filter_id, values)
        await uow.commit()


async def delete_filter(filter_id: int, uow: IngestUnitOfWork) -> None:
    async with uow:
        await uow.filters.remove(filter_id)
        await uow.commit()
