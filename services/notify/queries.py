"""Read side of the mail log for the HTTP API (schemas, never ORM rows)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select

from services.notify.adapters.orm import mails
from shared.db import Database


class MailView(BaseModel):
    id: uuid.UUID
    purpose: str
    ticket_id: int | None
    article_id: int | None
    queue_id: int | None
    to: list[str]
    subject: str
    message_id: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    transport: str | None
    server_reply: str | None
    created_at: datetime
    sent_at: datetime | None


class MailList(BaseModel):
    mails: list[MailView]


async def list_mails(database: Database, *, readable_queue_ids: list[int], ticket_id: int | None) -> MailList:
    """Mails of the queues the caller may read, oldest first; optionally of one ticket."""
    columns = [mails.c[name] for name in MailView.model_fields]
    query = select(*columns).where(mails.c.queue_id.in_(readable_queue_ids)).order_by(mails.c.created_at)
    if ticket_id is not None:
        query = query.where(mails.c.ticket_id == ticket_id)
    async with database.sessions() as session:
        rows = (await session.execute(query)).mappings().all()
    return MailList(mails=[MailView.model_validate(dict(row)) for row in rows])
