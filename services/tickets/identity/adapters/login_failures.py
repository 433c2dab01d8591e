"""Failed logins per account, kept in the database so that every replica sees them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.identity.domain.throttle import Failures
from services.tickets.sql import insert_ignore

lf = identity_tables.login_failures


class LoginFailures:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, login: str, now: datetime) -> Failures:
        row = (await self.session.execute(select(lf).where(lf.c.login == login))).first()
        return Failures(row.count, row.window_start) if row else Failures(0, now)

    async def put(self, login: str, failures: Failures) -> None:
        await self.session.execute(
            insert_ignore(self.session, lf, ["login"]).values(
                login=login, count=failures.count, window_start=failures.window_start
            )
        )
        await self.session.execute(
            update(lf).where(lf.c.login == login).values(count=failures.count, window_start=failures.window_start)
        )

    async def clear(self, login: str) -> None:
        await self.session.execute(delete(lf).where(lf.c.login == login))
