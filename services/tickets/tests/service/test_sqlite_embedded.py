"""The embedded mode's database: the same flow on SQLite (migrations, intake, reply, API)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from services.tickets import main
from services.tickets.admin import load_demo
from services.tickets.directory.demo import demo_password
from services.tickets.settings import TicketsSettings
from services.tickets.tests.service.conftest import mail, units
from services.tickets.ticketing.app.scheduler import Scheduler
from shared.db import Database
from shared.migrations import upgrade


async def test_mail_reply_and_api_on_sqlite(sqlite_url):
    await asyncio.to_thread(upgrade, main.MIGRATIONS, sqlite_url)
    settings = TicketsSettings(tickets_database_url=sqlite_url)
    database = Database(sqlite_url)
    try:
        service = main.build(settings, database)
        await load_demo(database, settings)
        await service.handlers.handle(mail())
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service.app), base_url="http://t") as client:
            token = (
                await client.post("/api/v1/auth/login", json={"login": "empfang", "password": demo_password("empfang")})
            ).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            [ticket] = (await client.get("/api/v1/tickets?queue=Allgemein", headers=headers)).json()["items"]
            await service.handlers.handle(
                mail(subject=f"Re: [Ticket#{ticket['number']}]", message_id="<r@example.org>")
            )
            detail = (await client.get(f"/api/v1/tickets/{ticket['number']}", headers=headers)).json()
            assert len(detail["articles"]) == 2
            assert detail["created_at"].endswith(("+00:00", "Z"))
            assert (await client.get("/api/v1/auth/me", headers=headers)).json()["login"] == "empfang"
            assert await Scheduler(units(database)).run_once() == 0  # the scheduler's SQL runs on SQLite too
            url = f"/api/v1/tickets/{ticket['number']}"
            tagged = await client.post(f"{url}/tags", headers=headers, json={"tags": ["Spende"]})
            assert tagged.json()["tags"] == ["spende"]
            assert (await client.get("/api/v1/tickets?tag=spende", headers=headers)).json()["total"] == 1
            await client.post(f"{url}/state", headers=headers, json={"state": "closed successful"})
            archiving = Scheduler(units(database), archive_after_days=1)
            assert await archiving.run_once() == 0
            assert await archiving.run_once(datetime.now(UTC) + timedelta(days=1, minutes=1)) == 1
            assert (await client.get(url, headers=headers)).json()["archived"] is True
    finally:
        await database.dispose()
