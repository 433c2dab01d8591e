"""Stats' unit of work on SQL: the projection beside the shared outbox and inbox."""

from __future__ import annotations

from typing import Self

from services.stats.adapters.orm import inbox, outbox
from services.stats.adapters.repository import ProjectionRepository
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class SqlStatsUnitOfWork(UnitOfWork):
    projection: ProjectionRepository

    def __init__(self, database: Database) -> None:
        super().__init__(database, outbox, inbox)

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.projection = ProjectionRepository(self.session)
        return self
