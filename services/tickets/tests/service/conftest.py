"""A migrated PostgreSQL database of the tickets service, and helpers to feed it events."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from services.tickets import main, tables
from services.tickets.admin import load_demo
from services.tickets.directory.demo import demo_password
from services.tickets.settings import TicketsSettings
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.unit_of_work import TicketsUnitOfWork, UnitOfWorkFactory
from shared.contracts import new_event
from shared.contracts.common import Attachment
from shared.contracts.ingest import MessageReceivedV1
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.db import Database
from shared.envelope import Envelope
from shared.runtime import Service
from tests.databases import fresh_database, migrate

PROBLEM = "application/problem+json"


def tickets_settings(url: str) -> TicketsSettings:
    return TicketsSettings(tickets_database_url=url, system_id=10, secret_key="test-secret")


@pytest.fixture
async def pg_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """Here a test's PostgreSQL database starts at the tickets service's head: a clone of its
    migrated template; for a test that uses ``neudorf``, a clone of one that holds it already."""
    prepared = ("neudorf", load_neudorf) if "neudorf" in request.fixturenames else None
    async with fresh_database(main.MIGRATIONS, prepared) as url:
        yield url


@pytest.fixture
def settings(pg_url: str) -> TicketsSettings:
    return tickets_settings(pg_url)


@pytest.fixture
async def database(pg_url: str) -> AsyncIterator[Database]:
    await migrate(main.MIGRATIONS, pg_url)
    db = Database(pg_url)
    yield db
    await db.dispose()


@pytest.fixture
def service(settings: TicketsSettings, database: Database) -> Service:
    return main.build(settings, database)


def units(database: Database) -> UnitOfWorkFactory:
    """What the service's handlers and scheduler are given: a fresh unit of work per call."""
    return partial(TicketsUnitOfWork, database)


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


async def outbox_events(database: Database, *, snapshots: bool = False) -> list[Envelope]:
    """The events written to the outbox, in order; the system address snapshots (which
    loading the demo and creating a queue with an address emit) only when asked for."""
    async with database.sessions() as session:
        rows = (await session.execute(select(tables.outbox.c.payload).order_by(tables.outbox.c.seq))).scalars()
        events = [Envelope.model_validate(json.loads(p)) for p in rows]
    return [e for e in events if snapshots or e.type != SystemAddressesChangedV1.TYPE]


async def rows(database: Database, table: Any, *where: Any) -> list[Any]:
    async with database.sessions() as session:
        return list((await session.execute(select(table).where(*where))).all())


@pytest.fixture
async def client(service) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=service.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tickets") as client:
        yield client


@pytest.fixture
async def neudorf(database: Database) -> dict[str, str]:
    """The demo, a ticket in Vorstand and one in Vorstand::Schatzmeister; returns their numbers.

    On PostgreSQL the database is a clone that holds them (see ``pg_url``); elsewhere they are loaded here.
    """
    if not await _ticket_numbers(database):
        await _load_neudorf(database, tickets_settings(database.url))
    return await _ticket_numbers(database)


async def load_neudorf(url: str) -> None:
    """Fill the database at ``url`` (at head) with what ``neudorf`` promises."""
    database = Database(url)
    try:
        await _load_neudorf(database, tickets_settings(url))
    finally:
        await database.dispose()


async def _load_neudorf(database: Database, settings: TicketsSettings) -> None:
    service = main.build(settings, database)
    await load_demo(database, settings)
    receipt = b"Spendenquittung"
    attachment = Attachment(
        filename="Quittung Nr. 1.pdf",
        content_type="application/pdf",
        size=len(receipt),
        content_b64=base64.b64encode(receipt).decode(),
    )
    await service.handlers.handle(
        mail(to=["vorstand@neudorf.example"], subject="Vertraulich: Vorstandssitzung", message_id="<v@x>")
    )
    await service.handlers.handle(
        mail(to=["kasse@neudorf.example"], subject="Spendenquittung", message_id="<k@x>", attachments=[attachment])
    )


async def _ticket_numbers(database: Database) -> dict[str, str]:
    async with database.sessions() as session:
        rows = (await session.execute(select(ticket_tables.tickets.c.title, ticket_tables.tickets.c.number))).all()
    return {"vorstand" if title.startswith("Vertraulich") else "kasse": number for title, number in rows}


async def login(client: httpx.AsyncClient, name: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"login": name, "password": demo_password(name)})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
