"""The tickets service's unit of work: one transaction with its repositories."""

from __future__ import annotations

from typing import Self

from services.tickets import tables
from services.tickets.directory.adapters.directory import Directory
from services.tickets.ticketing.adapters.articles import ArticleStore
from services.tickets.ticketing.adapters.repository import TicketRepository
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class TicketsUnitOfWork(UnitOfWork):
    tickets: TicketRepository
    directory: Directory
    articles: ArticleStore

    def __init__(self, database: Database) -> None:
        super().__init__(database, tables.outbox, tables.inbox)

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.tickets = TicketRepository(self.session)
        self.directory = Directory(self.session)
        self.articles = ArticleStore(self.session)
        return self
