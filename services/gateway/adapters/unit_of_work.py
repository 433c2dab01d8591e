"""The gateway's unit of work on its database: one transaction over the sessions and failed-login tables."""

from __future__ import annotations

from typing import Self

from services.gateway.adapters.login_failures import SqlLoginFailureRepository
from services.gateway.adapters.orm import inbox, outbox
from services.gateway.adapters.sessions import SqlSessionRepository
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class SqlUnitOfWork(UnitOfWork):
    sessions: SqlSessionRepository
    login_failures: SqlLoginFailureRepository

    def __init__(self, database: Database) -> None:
        super().__init__(database, outbox, inbox)

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.sessions = SqlSessionRepository(self.session)
        self.login_failures = SqlLoginFailureRepository(self.session)
        return self
