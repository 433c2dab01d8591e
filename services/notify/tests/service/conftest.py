"""A migrated notify service on a real database, its sender running, and an SMTP sink."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from services.notify.adapters.orm import mails, outbox
from services.notify.main import MIGRATIONS, build
from services.notify.settings import NotifyServiceSettings, NotifySettings
from shared.envelope import Envelope
from shared.runtime import Service
from tests.databases import fresh_database, migrate
from tests.support import free_port

FAST = {"retry_base_seconds": 0.05, "retry_max_delay_seconds": 0.2, "poll_interval_seconds": 0.05}


@dataclass
class Notify:
    service: Service

    async def handle(self, envelope: Envelope) -> None:
        await self.service.handlers.handle(envelope)

    async def mails(self) -> list[dict]:
        async with self.service.database.sessions() as session:
            rows = (await session.execute(select(mails).order_by(mails.c.created_at))).mappings().all()
        return [dict(r) for r in rows]

    async def events(self) -> list[Envelope]:
        async with self.service.database.sessions() as session:
            payloads = (await session.execute(select(outbox.c.payload).order_by(outbox.c.seq))).scalars().all()
        return [Envelope.from_json(p) for p in payloads]


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """Here a test's PostgreSQL database starts at the notify service's head: a clone of its migrated template."""
    async with fresh_database(MIGRATIONS) as url:
        yield url


@pytest.fixture
async def start_notify(tmp_path: Path) -> AsyncIterator[Callable[..., object]]:
    """``await start_notify(url, relay_port=None, **notify_settings)``: migrated, sender running."""
    started: list[tuple[Service, asyncio.Task[None]]] = []

    async def start(url: str, *, relay_port: int | None = None, **overrides: object) -> Notify:
        await migrate(MIGRATIONS, url)
        settings = NotifyServiceSettings(
            notify_database_url=url,
            var_dir=tmp_path / "var",
            relay_host="127.0.0.1" if relay_port else None,
            relay_port=relay_port or 25,
            secret_key="test-secret",
        )
        service = build(settings, NotifySettings(**{**FAST, **overrides}))
        task = asyncio.create_task(service.background[0]())
        started.append((service, task))
        return Notify(service)

    yield start
    for service, task in started:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await service.database.dispose()


@dataclass
class Sink:
    """An SMTP relay that answers from a script of codes (then 250) and keeps what it accepted."""

    script: list[str] = field(default_factory=list)
    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    attempts: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        self.attempts += 1
        if self.script:
            return self.script.pop(0)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 queued as 42"


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
