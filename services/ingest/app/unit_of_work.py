"""Ingest's unit of work: the shared transaction plus the raw message repository."""

from __future__ import annotations

from typing import Self

from services.ingest.adapters.orm import inbox, outbox
from services.ingest.adapters.repository import RawMessageRepository
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class IngestUnitOfWork(UnitOfWork):
    raw_messages: RawMessageRepository

    def __init__(self, database: Database) -> None:
        super().__init__(database, outbox, inbox)

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.raw_messages = RawMessageRepository(self.session)
        return self
