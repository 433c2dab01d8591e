"""Ingest's unit of work on SQL: its repositories beside the shared outbox and inbox."""

from __future__ import annotations

from typing import Self

from services.ingest.adapters.accounts import AccountRepository
from services.ingest.adapters.filters import FilterRepository
from services.ingest.adapters.orm import inbox, outbox
from services.ingest.adapters.repository import RawMessageRepository
from services.ingest.adapters.secrets import PasswordBox
from services.ingest.adapters.system_addresses import SystemAddressStore
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class SqlIngestUnitOfWork(UnitOfWork):
    """``accounts`` needs the password box (the service has one; the pipe command does not)."""

    raw_messages: RawMessageRepository
    accounts: AccountRepository
    filters: FilterRepository
    system_addresses: SystemAddressStore

    def __init__(self, database: Database, passwords: PasswordBox | None = None) -> None:
        super().__init__(database, outbox, inbox)
        self.passwords = passwords

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.raw_messages = RawMessageRepository(self.session)
        self.filters = FilterRepository(self.session)
        self.system_addresses = SystemAddressStore(self.session)
        if self.passwords is not None:
            self.accounts = AccountRepository(self.session, self.passwords)
        return self
