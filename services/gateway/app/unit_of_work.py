"""The gateway's unit of work: one transaction over the sessions and failed-login tables."""

from __future__ import annotations

from typing import Self

from services.gateway.adapters.login_failures import LoginFailureRepository
from services.gateway.adapters.orm import inbox, outbox
from services.gateway.adapters.repository import SessionRepository
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class GatewayUnitOfWork(UnitOfWork):
    sessions: SessionRepository
    login_failures: LoginFailureRepository

    def __init__(self, database: Database) -> None:
        super().__init__(database, outbox, inbox)

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.sessions = SessionRepository(self.session)
        self.login_failures = LoginFailureRepository(self.session)
        return self
