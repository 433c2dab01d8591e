"""The tickets service's unit of work: one transaction, and the one door to every repository.

Ticket handling, the directory and identity share it, so that a permission check and the
action it guards run in the same transaction. The app layers reach storage only through
these attributes; ``tests/unit/fakes.py`` has the in-memory twin for handler tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Self
from uuid import UUID

from sqlalchemy import select

from services.tickets import tables
from services.tickets.directory.adapters.admin_store import AdminStore
from services.tickets.directory.adapters.audit_log import AuditLog
from services.tickets.directory.adapters.auto_response_store import AutoResponseStore
from services.tickets.directory.adapters.customers import CustomerStore
from services.tickets.directory.adapters.directory import Directory
from services.tickets.directory.adapters.roles import Roles
from services.tickets.directory.adapters.runtime_settings import RuntimeSettingsStore
from services.tickets.directory.adapters.setup_store import SetupStore
from services.tickets.directory.adapters.template_store import TemplateStore
from services.tickets.identity.adapters.api_tokens import ApiTokens
from services.tickets.identity.adapters.login_failures import LoginFailures
from services.tickets.identity.adapters.password_resets import PasswordResets
from services.tickets.identity.adapters.tokens import TokenStore
from services.tickets.identity.adapters.totp_store import TotpStore
from services.tickets.ticketing.adapters.articles import ArticleStore
from services.tickets.ticketing.adapters.repository import TicketRepository
from shared.db import Database
from shared.unit_of_work import UnitOfWork


class TicketsUnitOfWork(UnitOfWork):
    # ticket handling
    tickets: TicketRepository
    articles: ArticleStore
    # the directory
    directory: Directory
    customers: CustomerStore
    roles: Roles
    setup: SetupStore
    auto_responses: AutoResponseStore
    templates: TemplateStore
    runtime_settings: RuntimeSettingsStore
    audit: AuditLog
    admin: AdminStore
    # identity
    agent_tokens: TokenStore
    customer_tokens: TokenStore
    api_tokens: ApiTokens
    login_failures: LoginFailures
    password_resets: PasswordResets
    totp: TotpStore

    def __init__(self, database: Database) -> None:
        super().__init__(database, tables.outbox, tables.inbox, event_log=tables.event_log)

    async def claimed(self, consumer: str, event_ids: list[UUID]) -> set[UUID]:
        """Which of ``event_ids`` ``consumer`` has handled already (its inbox rows)."""
        i = tables.inbox.c
        query = select(i.event_id).where(i.consumer == consumer, i.event_id.in_(event_ids))
        return set((await self.session.execute(query)).scalars())

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        session = self.session
        self.tickets = TicketRepository(session)
        self.articles = ArticleStore(session)
        self.directory = Directory(session)
        self.customers = CustomerStore(session)
        self.roles = Roles(session)
        self.setup = SetupStore(session)
        self.auto_responses = AutoResponseStore(session)
        self.templates = TemplateStore(session)
        self.runtime_settings = RuntimeSettingsStore(session)
        self.audit = AuditLog(session)
        self.admin = AdminStore(session)
        self.agent_tokens = TokenStore(session)
        self.customer_tokens = TokenStore.for_customers(session)
        self.api_tokens = ApiTokens(session)
        self.login_failures = LoginFailures(session)
        self.password_resets = PasswordResets(session)
        self.totp = TotpStore(session)
        return self


UnitOfWorkFactory = Callable[[], TicketsUnitOfWork]
"""What a handler that runs several transactions (or runs concurrently with itself) is given."""
