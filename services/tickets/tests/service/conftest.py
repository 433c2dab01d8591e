"""A migrated PostgreSQL database of the tickets service, and helpers to feed it events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from services.tickets import main
from services.tickets.adapters import orm
from shared.contracts import new_event
from shared.contracts.ingest import MessageReceivedV1
from shared.db import Database
from shared.envelope import Envelope
from shared.migrations import upgrade
from shared.runtime import Service
from shared.settings import Settings


@pytest.fixture
def settings(pg_url: str) -> Settings:
    return Settings(tickets_database_url=pg_url, system_id=10, secret_key="test-secret")


@pytest.fixture
async def database(pg_url: str) -> AsyncIterator[Database]:
    await asyncio.to_thread(upgrade, main.MIGRATIONS, pg_url)
    db = Database(pg_url)
    yield db
    await db.dispose()


@pytest.fixture
def service(settings: Settings, database: Database) -> Service:
    return main.build(settings, database)


def mail(**fields: Any) -> Envelope:
    """An ``ingest.message.received`` event; fields override a plain mail to info@."""
    values: dict[str, Any] = {
        "raw_message_id": "00000000-0000-0000-0000-000000000001",
        "received_at": datetime.now(UTC),
        "envelope_from": "spender@example.org",
        "from_address": "spender@example.org",
        "from_name": "Sam Spender",
        "to": ["info@neudorf.example"],
        "subject": "Spende: ein Basketballkorb",
        "message_id": "<first@example.org>",
        "text_body": "Ich möchte dem Verein einen Basketballkorb spenden.",
    }
    values.update(fields)
    return new_event(MessageReceivedV1(**values), source="ingest")


async def outbox_events(database: Database) -> list[Envelope]:
    async with database.sessions() as session:
        rows = (await session.execute(select(orm.outbox.c.payload).order_by(orm.outbox.c.seq))).scalars()
        return [Envelope.model_validate(json.loads(p)) for p in rows]


async def rows(database: Database, table: Any, *where: Any) -> list[Any]:
    async with database.sessions() as session:
        return list((await session.execute(select(table).where(*where))).all())
