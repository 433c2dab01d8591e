"""Reading and writing postmaster filters; commits belong to the unit of work."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.ingest.adapters.orm import postmaster_filters
from services.ingest.domain.filters import FilterActions, FilterMatch, FilterNameTaken, FilterNotFound, PostmasterFilter

f = postmaster_filters.c


class FilterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enabled(self) -> list[PostmasterFilter]:
        """The filters that run, in order."""
        rows = await self.session.execute(
            select(postmaster_filters).where(f.enabled.is_(True)).order_by(f.position, f.id)
        )
        return [_filter(row) for row in rows]

    async def add(self, values: dict[str, Any]) -> int:
        try:
            result = await self.session.execute(insert(postmaster_filters).values(**values).returning(f.id))
        except IntegrityError as exc:
            raise FilterNameTaken(f"a filter named {values['name']!r} exists") from exc
        return result.scalar_one()

    async def change(self, filter_id: int, values: dict[str, Any]) -> None:
        if not values:  # nothing to change, but the filter must exist
            values = {"id": filter_id}
        try:
            result = await self.session.execute(update(postmaster_filters).where(f.id == filter_id).values(**values))
        except IntegrityError as exc:
            raise FilterNameTaken(f"a filter named {values.get('name')!r} exists") from exc
        if result.rowcount != 1:
            raise FilterNotFound(f"no postmaster filter {filter_id}")

    async def remove(self, filter_id: int) -> None:
        result = await self.session.execute(delete(postmaster_filters).where(f.id == filter_id))
        if result.rowcount != 1:
            raise FilterNotFound(f"no postmaster filter {filter_id}")


def _filter(row: Row[Any]) -> PostmasterFilter:
    actions = dict(row.actions)
    actions["tags"] = tuple(actions.get("tags") or ())
    return PostmasterFilter(
        name=row.name,
        matches=tuple(FilterMatch(**match) for match in row.matches),
        actions=FilterActions(**actions),
        stop=row.stop,
    )
