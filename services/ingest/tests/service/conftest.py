"""A running ingest service on a real database, with its SMTP intake on a free port."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from services.ingest.adapters.orm import outbox, raw_messages
from services.ingest.main import MIGRATIONS, build
from services.ingest.settings import IngestSettings
from services.ingest.tests.service.dovecot import dovecot  # noqa: F401  (a fixture)
from shared.bus import InProcessBus
from shared.contracts import parse
from shared.contracts.ingest import MessageReceivedV1
from shared.db import Database
from shared.envelope import Envelope
from shared.runtime import Runtime, Service
from tests.databases import fresh_database, migrate
from tests.support import free_port, wait_until


@dataclass
class RunningIngest:
    service: Service
    settings: IngestSettings

    async def raw_rows(self) -> list:  # type: ignore[type-arg]
        async with self.service.database.sessions() as session:
            return list((await session.execute(select(raw_messages).order_by(raw_messages.c.received_at))).all())

    async def events(self) -> list[tuple[Envelope, MessageReceivedV1]]:
        async with self.service.database.sessions() as session:
            payloads = (await session.execute(select(outbox.c.payload).order_by(outbox.c.seq))).scalars().all()
        found = []
        for payload in payloads:
            envelope = Envelope.from_json(payload)
            contract = parse(envelope)
            assert isinstance(contract, MessageReceivedV1)
            found.append((envelope, contract))
        return found

    async def outbox_count(self) -> int:
        return await outbox_count(self.service.database)

    async def wait_for_events(self, count: int) -> list[tuple[Envelope, MessageReceivedV1]]:
        await wait_until(lambda: self._has(count), within=15)
        return await self.events()

    async def _has(self, count: int) -> bool:
        return await self.outbox_count() >= count


async def migrated(url: str) -> Database:
    await migrate(MIGRATIONS, url)
    return Database(url)


async def outbox_count(database: Database) -> int:
    async with database.sessions() as session:
        return (await session.execute(select(func.count()).select_from(outbox))).scalar_one()


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


async def start_ingest(database_url: str, **overrides: object) -> tuple[Runtime, RunningIngest]:
    settings = IngestSettings(ingest_database_url=database_url, smtp_port=free_port(), **overrides)
    service = build(settings)
    await migrate(service.migrations, database_url)
    runtime = Runtime([service], InProcessBus())
    await runtime.start()
    await wait_until(lambda: listening(settings.smtp_port))
    return runtime, RunningIngest(service, settings)


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """Here a test's PostgreSQL database starts at the ingest service's head: a clone of its migrated template."""
    async with fresh_database(MIGRATIONS) as url:
        yield url


@pytest.fixture
async def ingest(pg_url: str) -> AsyncIterator[RunningIngest]:
    runtime, running = await start_ingest(pg_url, smtp_max_message_size=64 * 1024)
    try:
        yield running
    finally:
        await runtime.stop()
