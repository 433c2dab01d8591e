"""Ticket list: cursor pages, substring search for numbers and addresses, time ranges and
escalation, on SQLite and PostgreSQL, always limited to the caller's queues."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from services.tickets import main
from services.tickets.admin import load_demo
from services.tickets.settings import TicketsSettings
from services.tickets.tests.service.conftest import PROBLEM, login, mail
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.queries.paging import Sort
from shared.db import Database
from shared.migrations import upgrade
from shared.runtime import Service

t = ticket_tables.tickets


@dataclass
class Desk:
    service: Service
    database: Database
    client: httpx.AsyncClient
    admin: dict[str, str]
    sent: int = 0

    async def mail(self, to: str = "info@neudorf.example", **fields: Any) -> str:
        """A new ticket from a mail; returns its number."""
        self.sent += 1
        fields.setdefault("text_body", "Wir spenden einen Basketballkorb.")
        await self.service.handlers.handle(
            mail(to=[to], message_id=f"<{self.sent}@search.test>", subject=f"Anfrage {self.sent}", **fields)
        )
        async with self.database.sessions() as session:
            return (await session.execute(select(t.c.number).order_by(t.c.id.desc()).limit(1))).scalar_one()

    async def set(self, numbers: list[str], **values: Any) -> None:
        """Columns written directly: tickets of a given age (the intake stamps them with now)."""
        async with self.database.sessions() as session, session.begin():
            await session.execute(update(t).where(t.c.number.in_(numbers)).values(**values))

    async def get(self, headers: dict[str, str] | None = None, **params: Any) -> dict[str, Any]:
        response = await self.client.get("/api/v1/tickets", params=params, headers=headers or self.admin)
        assert response.status_code == 200, response.text
        return response.json()

    async def refused(self, **params: Any) -> str:
        response = await self.client.get("/api/v1/tickets", params=params, headers=self.admin)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith(PROBLEM)
        return response.json()["detail"]

    async def numbers(self, headers: dict[str, str] | None = None, **params: Any) -> set[str]:
        return {item["number"] for item in (await self.get(headers, limit=500, **params))["items"]}

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(f"/api/v1/{path}", json=body, headers=self.admin)
        assert response.status_code in (200, 201), response.text
        return response.json()


@pytest.fixture
async def desk(any_db_url) -> AsyncIterator[Desk]:
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
    settings = TicketsSettings(tickets_database_url=any_db_url)
    database = Database(any_db_url)
    try:
        service = main.build(settings, database)
        await load_demo(database, settings)
        transport = httpx.ASGITransport(app=service.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield Desk(service, database, client, await login(client, "admin"))
    finally:
        await database.dispose()


def iso(at: datetime) -> str:
    return at.isoformat()


async def test_cursor_pages_cover_every_ticket_once_while_tickets_arrive(desk):
    base = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    general = [await desk.mail() for _ in range(11)]
    treasurer = [await desk.mail(to="kasse@neudorf.example") for _ in range(4)]
    for i, number in enumerate(general + treasurer):
        # two tickets per minute and three priorities: ties that only the id breaks
        at = base + timedelta(minutes=i // 2)
        await desk.set([number], created_at=at, changed_at=at + timedelta(hours=i % 3), priority=1 + i % 3)

    for sort in Sort:
        for text in (None, "Basketballkorb"):
            before = await desk.numbers(sort=sort.value)
            seen: list[str] = []
            params: dict[str, Any] = {"sort": sort.value, "limit": 4} | ({"q": text} if text else {})
            page = await desk.get(**params)
            while True:
                seen += [item["number"] for item in page["items"]]
                if page["next_cursor"] is None:
                    break
                await desk.mail()  # a new ticket between two pages shifts nothing
                page = await desk.get(**params, cursor=page["next_cursor"])
            assert len(seen) == len(set(seen)), (sort, text)
            assert before <= set(seen), (sort, text)
            if sort is not Sort.OLDEST:  # newer tickets come after the cursor only in oldest-first order
                assert set(seen) == before

    bookkeeper = await login(desk.client, "buchhaltung")
    first = await desk.get(bookkeeper, limit=3)
    assert first["total"] == 4 and first["next_cursor"]
    second = await desk.get(bookkeeper, limit=3, cursor=first["next_cursor"])
    assert second["next_cursor"] is None
    assert {i["number"] for i in first["items"] + second["items"]} == set(treasurer)


async def test_a_bad_cursor_is_a_422_with_a_reason(desk):
    for _ in range(3):
        await desk.mail()
    cursor = (await desk.get(limit=1, sort="-priority"))["next_cursor"]
    assert "cursor" in await desk.refused(cursor="not-a-cursor")
    assert "cursor" in await desk.refused(cursor="W10")  # valid base64 of an empty JSON list
    assert "-priority" in await desk.refused(cursor=cursor, sort="created_at")
    assert "offset" in await desk.refused(cursor=cursor, sort="-priority", offset=1)
    assert len((await desk.get(limit=5, sort="-priority", cursor=cursor))["items"]) == 2


async def test_parts_of_numbers_and_addresses_find_their_ticket(desk):
    baker = await desk.mail(from_address="info@Baeckerei-Neudorf.example", text_body="Brötchen für das Sportfest")
    board = await desk.mail(to="vorstand@neudorf.example")
    others = [await desk.mail() for _ in range(3)]

    assert baker in await desk.numbers(q="baeckerei-neudorf")
    assert await desk.numbers(q="BAECKEREI-NEUDORF") == {baker}
    for number in (baker, board, *others):
        part = number[-7:-1]  # the counter, without the date or the check digit
        found = await desk.numbers(q=part)
        assert number in found and all(part in n for n in found)
    assert await desk.numbers(q="%@%") == set()  # LIKE wildcards are taken literally
    assert await desk.numbers(q="Brötchen") == {baker}  # words still go to the full-text index

    bookkeeper = await login(desk.client, "buchhaltung")
    assert await desk.numbers(bookkeeper, q=board[-7:-1]) == set()


async def test_created_changed_and_closed_ranges(desk):
    january, february, march = (datetime(2026, month, 10, 12, 0, tzinfo=UTC) for month in (1, 2, 3))
    a, b, c = [await desk.mail() for _ in range(3)]
    for number, at in ((a, january), (b, february), (c, march)):
        await desk.set([number], created_at=at, changed_at=at + timedelta(days=1))

    assert await desk.numbers(created_from=iso(datetime(2026, 2, 1, tzinfo=UTC))) == {b, c}
    assert await desk.numbers(created_to=iso(february)) == {a, b}  # both ends inclusive
    assert await desk.numbers(created_from=iso(february), created_to=iso(february)) == {b}
    assert await desk.numbers(changed_from="2026-02-11T12:00:00+00:00", changed_to="2026-03-01T00:00:00Z") == {b}
    assert await desk.numbers(created_from="2026-02-10T13:00:00+01:00", created_to=iso(february)) == {b}

    before = datetime.now(UTC) - timedelta(seconds=1)
    closed = await desk.post(f"tickets/{b}/state", {"state": "closed successful"})
    assert closed["closed_at"] is not None
    assert await desk.numbers(closed_from=iso(before)) == {b}
    assert await desk.numbers(closed_to=iso(before)) == set()
    await desk.post(f"tickets/{b}/state", {"state": "open"})
    assert await desk.numbers(closed_from=iso(before)) == set()  # reopened: no longer closed

    naive = await desk.client.get("/api/v1/tickets", params={"created_from": "2026-02-01T00:00"}, headers=desk.admin)
    assert naive.status_code == 422 and "timezone" in str(naive.json()["errors"])
    assert "created_from is after created_to" in await desk.refused(created_from=iso(march), created_to=iso(january))
    assert "closed_from" in await desk.refused(closed_from=iso(march), closed_to=iso(january))


async def test_escalated_tickets_by_queue_targets(desk):
    queue = await desk.post(
        "admin/queues",
        {
            "name": "Support",
            "group": "allgemein",
            "address": "support@neudorf.example",
            "first_response_minutes": 60,
            "solution_minutes": 480,
        },
    )
    shown = (await desk.client.get("/api/v1/admin/queues", headers=desk.admin)).json()
    support = next(q for q in shown if q["id"] == queue["id"])
    assert (support["first_response_minutes"], support["solution_minutes"]) == (60, 480)

    answered, waiting = [await desk.mail(to="support@neudorf.example") for _ in range(2)]
    untargeted = await desk.mail()
    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    await desk.set([answered, waiting, untargeted], created_at=two_hours_ago)

    page = await desk.get(escalated="true")
    assert {i["number"] for i in page["items"]} == {answered, waiting}
    due = datetime.fromisoformat(page["items"][0]["escalation_at"])
    assert abs(due - (two_hours_ago + timedelta(minutes=60))) < timedelta(seconds=1)
    assert untargeted in await desk.numbers(escalated="false")

    await desk.post(f"tickets/{answered}/notes", {"body_text": "Wir kümmern uns.", "visible_for_customer": True})
    await desk.post(f"tickets/{waiting}/notes", {"body_text": "intern: Rückfrage beim Kassenwart"})
    assert await desk.numbers(escalated="true") == {waiting}  # a hidden note answers nobody
    detail = (await desk.client.get(f"/api/v1/tickets/{answered}", headers=desk.admin)).json()
    assert detail["first_response_at"] is not None
    solution_due = datetime.fromisoformat(detail["escalation_at"])
    assert abs(solution_due - (two_hours_ago + timedelta(minutes=480))) < timedelta(seconds=1)

    await desk.set([answered], created_at=datetime.now(UTC) - timedelta(hours=9))
    assert await desk.numbers(escalated="true") == {answered, waiting}  # the solution target has passed too

    await desk.post(f"tickets/{waiting}/state", {"state": "closed successful"})
    assert await desk.numbers(escalated="true") == {answered}
    assert {waiting, untargeted} <= await desk.numbers(escalated="false")
    assert answered not in await desk.numbers(escalated="false")

    bookkeeper = await login(desk.client, "buchhaltung")
    assert await desk.numbers(bookkeeper, escalated="true") == set()
