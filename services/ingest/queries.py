"""Reads for the HTTP API: pydantic schemas, never ORM rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select

from services.ingest.adapters.orm import raw_messages
from services.ingest.domain.model import RawStatus
from shared.contracts.ingest import Decision
from shared.db import Database


class RawMessageRead(BaseModel):
    id: uuid.UUID
    received_at: datetime
    channel: str
    source: str
    envelope_from: str | None
    envelope_to: list[str]
    size: int
    sha256: str
    status: str
    message_id: str | None
    duplicate_of: uuid.UUID | None
    parse_problems: list[str]
    parsed_at: datetime | None
    event_id: uuid.UUID | None
    account_id: int | None
    trusted: bool
    queue: str | None
    decisions: list[Decision] | None
    """Why it was routed (or ignored); None until it was parsed, and for duplicates."""


_READ_COLUMNS = [raw_messages.c[name] for name in RawMessageRead.model_fields]


async def raw_message(database: Database, message_id: uuid.UUID) -> RawMessageRead | None:
    async with database.sessions() as session:
        row = (await session.execute(select(*_READ_COLUMNS).where(raw_messages.c.id == message_id))).first()
    return RawMessageRead.model_validate(row._asdict()) if row else None


async def mail_log(
    database: Database, *, status: RawStatus | None, limit: int, before: datetime | None
) -> list[RawMessageRead]:
    """The admin's mail log: newest first; ``before`` pages on (the last ``received_at`` seen)."""
    r = raw_messages.c
    query = select(*_READ_COLUMNS).order_by(r.received_at.desc(), r.id.desc()).limit(limit)
    if status is not None:
        query = query.where(r.status == status)
    if before is not None:
        query = query.where(r.received_at < before)
    async with database.sessions() as session:
        rows = await session.execute(query)
    return [RawMessageRead.model_validate(row._asdict()) for row in rows]


async def raw_bytes(database: Database, message_id: uuid.UUID) -> bytes | None:
    async with database.sessions() as session:
        return (
            await session.execute(select(raw_messages.c.raw).where(raw_messages.c.id == message_id))
        ).scalar_one_or_none()
