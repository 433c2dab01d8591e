"""Reads of mail accounts for the HTTP API; the password (even encrypted) never leaves."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select

from services.ingest.adapters.orm import mail_accounts
from services.ingest.domain.accounts import AfterFetch, Protocol, Security
from shared.db import Database


class AccountRead(BaseModel):
    id: int
    name: str
    protocol: Protocol
    host: str
    port: int
    security: Security
    verify_tls: bool
    username: str
    folder: str
    after_fetch: AfterFetch
    queue: str | None
    trusted: bool
    enabled: bool
    poll_interval: int
    updated_at: datetime
    last_success_at: datetime | None
    last_error: str | None = Field(description="The last failure, kept until the next one.")
    last_error_at: datetime | None
    failures: int = Field(description="Failed polls in a row (0 after a success).")
    next_attempt_at: datetime | None = Field(description="When a failing account is tried again.")


_COLUMNS = [mail_accounts.c[name] for name in AccountRead.model_fields]


async def accounts(database: Database) -> list[AccountRead]:
    async with database.sessions() as session:
        rows = await session.execute(select(*_COLUMNS).order_by(mail_accounts.c.name))
    return [AccountRead.model_validate(row._asdict()) for row in rows]


async def account(database: Database, account_id: int) -> AccountRead | None:
    async with database.sessions() as session:
        row = (await session.execute(select(*_COLUMNS).where(mail_accounts.c.id == account_id))).first()
    return AccountRead.model_validate(row._asdict()) if row else None
