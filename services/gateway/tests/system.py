"""A real tickets service (Neudorf demo, a few tickets created by its own intake) behind a real gateway.

Tests may import several services; the gateway's runtime code never does.
"""

from __future__ import annotations

import asyncio
import base64
import re
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import make_url

from services.gateway import main as gateway_main
from services.gateway.config import GatewayOptions
from services.gateway.main import build as build_gateway
from services.gateway.settings import GatewaySettings
from services.tickets.admin import create_api_token, load_demo
from services.tickets.main import MIGRATIONS as TICKETS_MIGRATIONS
from services.tickets.main import build as build_tickets
from services.tickets.settings import TicketsSettings
from shared.contracts import new_event
from shared.contracts.common import Attachment
from shared.contracts.ingest import MessageReceivedV1
from shared.runtime import Service
from tests.databases import migrate, scratch_dir
from tests.support import free_port, wait_until
from tests.templates import migrations_digest

GATEWAY_MIGRATIONS = Path(gateway_main.__file__).parent / "migrations"

RECEIPT = b"%PDF-1.4 Spendenquittung Basketballkorb"
HTML_BODY = (
    "<p>Sehr geehrte Damen und Herren,</p><p>bitte eine <b>Spendenquittung</b>.</p>"
    '<img src="https://tracker.example/open.gif"><script>alert("x")</script>'
)


@dataclass
class System:
    settings: GatewaySettings
    tickets: Service
    gateway: Service
    tickets_http: httpx.AsyncClient

    def browser(self, base_url: str = "http://gateway.test", **headers: str) -> httpx.AsyncClient:
        """A client that keeps cookies, like a browser, talking to the gateway app."""
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.gateway.app), base_url=base_url, headers=headers
        )

    async def api_token(self, login: str) -> str:
        return await create_api_token(self.tickets.database, login, 1)

    async def close(self) -> None:
        await self.tickets_http.aclose()
        for service in (self.gateway, self.tickets):
            await _close(service)


async def _close(service: Service) -> None:
    for closer in service.on_stop:
        await closer()
    await service.database.dispose()


def tickets_settings(tmp_path, gateway_db_url: str) -> GatewaySettings:  # type: ignore[no-untyped-def]
    return GatewaySettings(
        var_dir=tmp_path,
        tickets_database_url=f"sqlite+aiosqlite:///{tmp_path / 'tickets.db'}",
        gateway_database_url=gateway_db_url,
        tickets_url=f"http://127.0.0.1:{free_port()}",  # unused where a test passes a client
        stats_url=f"http://127.0.0.1:{free_port()}",  # nothing listens unless a test passes a stats client
        secret_key="test-secret",
        default_language="de",
    )


async def mail_in(tickets: Service, to: str, subject: str, text: str, **extra: object) -> None:
    """A message as ingest announces it, handled by the tickets service's own intake."""
    message = MessageReceivedV1(
        raw_message_id=uuid.uuid4(),
        received_at=datetime.now(UTC),
        envelope_from="spender@example.org",
        envelope_to=[to],
        from_address="spender@example.org",
        from_name="Sam Spender",
        to=[to],
        subject=subject,
        message_id=f"<{uuid.uuid4()}@example.org>",
        text_body=text,
        **extra,  # type: ignore[arg-type]
    )
    await tickets.handlers.handle(new_event(message, source="ingest"))


async def start_system(
    settings: GatewaySettings,
    tickets_http: httpx.AsyncClient | None = None,
    options: GatewayOptions | None = None,
    stats_http: httpx.AsyncClient | None = None,
    ingest_http: httpx.AsyncClient | None = None,
    notify_http: httpx.AsyncClient | None = None,
) -> System:
    target = make_url(settings.tickets_database_url).database
    assert target, "the gateway tests run tickets on a SQLite file"
    shutil.copyfile(await _neudorf_tickets(settings), target)
    tickets = build_tickets(TicketsSettings.of(settings))
    client = tickets_http or httpx.AsyncClient(
        transport=httpx.ASGITransport(app=tickets.app), base_url="http://tickets"
    )
    gateway = build_gateway(
        settings,
        tickets=client,
        stats=stats_http,
        options=options or GatewayOptions(),
        ingest=ingest_http,
        notify=notify_http,
    )
    await migrate(gateway.migrations, gateway.database.url)
    return System(settings, tickets, gateway, client)


_neudorf: dict[str, Path] = {}  # per process, by the tickets' migrations


async def _neudorf_tickets(settings: GatewaySettings) -> Path:
    """A tickets database (SQLite) with the Neudorf demo and three mails, made once per process.

    Loading the demo and taking in the mails cost every gateway test about a second;
    each test now starts from a copy. Unpublished outbox rows are copied too, so a
    test that connects stats or notify still receives the tickets' events.
    """
    key = migrations_digest(TICKETS_MIGRATIONS)
    if key not in _neudorf:
        path = scratch_dir() / f"neudorf-tickets-{key}.db"
        own = TicketsSettings.of(settings).model_copy(update={"tickets_database_url": f"sqlite+aiosqlite:///{path}"})
        tickets = build_tickets(own)
        await migrate(tickets.migrations, tickets.database.url)
        await _take_in_the_story_mails(tickets, own)
        await _close(tickets)
        assert not path.with_name(f"{path.name}-wal").exists(), "closed SQLite keeps no WAL: the file is whole"
        _neudorf[key] = path
    return _neudorf[key]


async def _take_in_the_story_mails(tickets: Service, settings: TicketsSettings) -> None:
    await load_demo(tickets.database, settings)
    await mail_in(tickets, "info@neudorf.example", "Basketballkorb zu verschenken", "Wir spenden einen Korb.")
    await mail_in(tickets, "vorstand@neudorf.example", "Vertraulich: Vorstandssitzung", "Nur für den Vorstand.")
    await mail_in(
        tickets,
        "kasse@neudorf.example",
        "Spendenquittung bitte",
        "Bitte eine Spendenquittung.",
        html_body=HTML_BODY,
        attachments=[
            Attachment(
                filename="quittung.pdf",
                content_type="application/pdf",
                size=len(RECEIPT),
                content_b64=base64.b64encode(RECEIPT).decode(),
            )
        ],
    )


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on a free port (as ``umlauf up``/``serve`` do); yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off"))
    task = asyncio.create_task(server.serve())
    await wait_until(lambda: server.started, within=20)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def log_in(client: httpx.AsyncClient, login: str, password: str | None = None) -> httpx.Response:
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"login": login, "password": password or f"neudorf-{login}", "csrf_token": form_token(page.text)},
        headers={"Origin": str(client.base_url).rstrip("/")},
    )


async def portal_log_in(client: httpx.AsyncClient, login: str, password: str | None = None) -> httpx.Response:
    page = await client.get("/portal/login")
    return await client.post(
        "/portal/login",
        data={"login": login, "password": password or f"neudorf-{login}", "csrf_token": form_token(page.text)},
        headers={"Origin": str(client.base_url).rstrip("/")},
    )
