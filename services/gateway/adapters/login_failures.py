"""Failed logins in the gateway's database. Never commits: the unit of work does."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.gateway.adapters.orm import login_failures


class SqlLoginFailureRepository:
    def __init__(self, db_session: AsyncSession) -> None:
        self._db = db_session

    async def add(self, client: str, attempt: str, at: datetime) -> None:
        await self._db.execute(insert(login_failures).values(client=client, attempt=attempt, failed_at=at))

    async def since(self, client: str, since: datetime) -> list[tuple[str, datetime]]:
        """The client's failures after ``since``: (attempt fingerprint, time)."""
        rows = await self._db.execute(
            select(login_failures.c.attempt, login_failures.c.failed_at).where(
                login_failures.c.client == client, login_failures.c.failed_at > since
            )
        )
        return [(row.attempt, row.failed_at) for row in rows]

    async def remove_before(self, before: datetime) -> int:
        result = await self._db.execute(delete(login_failures).where(login_failures.c.failed_at <= before))
        return result.rowcount or 0
