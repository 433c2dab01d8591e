"""Notify's unit of work on SQL: the mail log beside the shared outbox and inbox."""

from __future__ import annotations

from typing import Self

from services.notify.adapters.orm import inbox, outbox
from services.notify.adapters.repository import MailRepository
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class SqlNotifyUnitOfWork(UnitOfWork):
    mails: MailRepository

    def __init__(self, database: Database) -> None:
        super().__init__(database, outbox, inbox)

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.mails = MailRepository(self.session)
        return self
