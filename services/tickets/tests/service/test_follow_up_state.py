"""A customer's follow-up sets the queue's follow-up state (OTRS's ``PostMaster::FollowUpState``), by mail
and in the portal, on SQLite and PostgreSQL: pending and open tickets move to it, a new ticket stays new,
a closed one keeps the queue's policy; the admin API refuses a state that is not of type open."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import insert, select, update

from services.tickets import main
from services.tickets.admin import load_demo
from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.demo import demo_password
from services.tickets.settings import TicketsSettings
from services.tickets.tests.service.conftest import PROBLEM, login, mail, outbox_events, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.db import Database
from shared.migrations import upgrade
from shared.runtime import Service

t, s = ticket_tables.tickets, ticket_tables.ticket_states


@dataclass
class Desk:
    service: Service
    database: Database
    client: httpx.AsyncClient

    async def new_ticket(self) -> str:
        await self.service.handlers.handle(mail(message_id="<first@example.org>", subject="Spende"))
        return (await outbox_events(self.database))[-1].data["number"]

    async def put(self, number: str, state: str, pending_until: datetime | None = None) -> None:
        async with self.database.sessions() as session, session.begin():
            state_id = (await session.execute(select(s.c.id).where(s.c.name == state))).scalar_one()
            await session.execute(
                update(t).where(t.c.number == number).values(state_id=state_id, pending_until=pending_until)
            )

    async def answer_by_mail(self, number: str, n: int = 1) -> None:
        await self.service.handlers.handle(
            mail(message_id=f"<answer{n}@example.org>", subject=f"Re: [Ticket#{number}] Spende")
        )

    async def ticket(self, number: str) -> dict:
        headers = await login(self.client, "admin")
        response = await self.client.get(f"/api/v1/tickets/{number}", headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def history(self, number: str) -> list[tuple[str, str | None, str | None]]:
        [ticket] = await rows(self.database, t, t.c.number == number)
        found = await rows(self.database, ticket_tables.history, ticket_tables.history.c.ticket_id == ticket.id)
        return [(h.type, h.old, h.new) for h in found]


@pytest.fixture
async def desk(any_db_url: str) -> AsyncIterator[Desk]:
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
    config = TicketsSettings(tickets_database_url=any_db_url, system_id=10, secret_key="test-secret")
    database = Database(any_db_url)
    try:
        await load_demo(database, config)
        service = main.build(config, database)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service.app), base_url="http://t") as client:
            yield Desk(service, database, client)
    finally:
        await database.dispose()


async def _customer(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post(
        "/api/v1/customer/auth/login", json={"login": "spender", "password": demo_password("spender")}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def _queue_of(desk: Desk, number: str) -> int:
    [ticket] = await rows(desk.database, t, t.c.number == number)
    return ticket.queue_id


async def _answered_state(desk: Desk) -> None:
    """A second state of type open, as an administrator may add one."""
    async with desk.database.sessions() as session, session.begin():
        await session.execute(insert(s).values(name="customer answered", type="open"))


async def test_a_mail_on_a_pending_ticket_opens_it_and_the_history_says_why(desk: Desk) -> None:
    number = await desk.new_ticket()
    await desk.put(number, "pending reminder", datetime.now(UTC) + timedelta(days=2))
    await desk.answer_by_mail(number)

    ticket = await desk.ticket(number)
    assert (ticket["state"], ticket["pending_until"]) == ("open", None)
    assert ("FollowUpStateUpdate", "pending reminder", "open") in await desk.history(number)
    [updated] = [e for e in await outbox_events(desk.database) if e.type == "ticket.updated"]
    assert updated.data["history_type"] == "FollowUpStateUpdate"
    assert updated.data["previous_state_type"] == "pending reminder"
    assert {"field": "state", "old": "pending reminder", "new": "open"} in updated.data["changes"]


async def test_the_queue_names_the_follow_up_state_and_a_new_ticket_stays_new(desk: Desk) -> None:
    await _answered_state(desk)
    number = await desk.new_ticket()
    admin = await login(desk.client, "admin")
    queue_id = await _queue_of(desk, number)
    patched = await desk.client.patch(
        f"/api/v1/admin/queues/{queue_id}", headers=admin, json={"follow_up_state": "customer answered"}
    )
    assert patched.status_code == 204, patched.text
    offered = (await desk.client.get("/api/v1/admin/follow-up-states", headers=admin)).json()
    assert sorted(offered) == ["customer answered", "open"]  # only the states of type open
    queues = (await desk.client.get("/api/v1/admin/queues", headers=admin)).json()
    assert {q["id"]: q["follow_up_state"] for q in queues}[queue_id] == "customer answered"

    await desk.answer_by_mail(number, 1)  # new: stays new (OTRS: the follow-up state applies to not-new tickets)
    assert (await desk.ticket(number))["state"] == "new"
    await desk.put(number, "open")
    await desk.answer_by_mail(number, 2)  # open: moves to the queue's follow-up state
    assert (await desk.ticket(number))["state"] == "customer answered"
    assert ("FollowUpStateUpdate", "open", "customer answered") in await desk.history(number)


async def test_closed_tickets_keep_the_queue_policy(desk: Desk) -> None:
    await _answered_state(desk)
    number = await desk.new_ticket()
    queue_id = await _queue_of(desk, number)
    async with desk.database.sessions() as session, session.begin():
        await session.execute(
            update(directory_tables.queues)
            .where(directory_tables.queues.c.id == queue_id)
            .values(follow_up_state="customer answered", follow_up_policy="reject")
        )
    await desk.put(number, "closed successful")
    await desk.answer_by_mail(number, 1)
    assert (await desk.ticket(number))["state"] == "closed successful"

    async with desk.database.sessions() as session, session.begin():
        await session.execute(
            update(directory_tables.queues)
            .where(directory_tables.queues.c.id == queue_id)
            .values(follow_up_policy="reopen")
        )
    await desk.answer_by_mail(number, 2)
    assert (await desk.ticket(number))["state"] == "customer answered"
    assert ("FollowUpStateUpdate", "closed successful", "customer answered") in await desk.history(number)


async def test_a_portal_answer_opens_a_pending_ticket_and_a_closed_one_per_policy(desk: Desk) -> None:
    number = await desk.new_ticket()
    spender = await _customer(desk.client)
    url = f"/api/v1/customer/tickets/{number}/answer"

    await desk.put(number, "pending reminder", datetime.now(UTC) + timedelta(days=2))
    answered = await desk.client.post(url, headers=spender, json={"body_text": "Hier die Antwort."})
    assert answered.status_code in (200, 201), answered.text
    assert (await desk.ticket(number))["state"] == "open"
    assert ("FollowUpStateUpdate", "pending reminder", "open") in await desk.history(number)

    await desk.put(number, "new")
    await desk.client.post(url, headers=spender, json={"body_text": "Noch etwas."})
    assert (await desk.ticket(number))["state"] == "new"

    await desk.put(number, "closed successful")
    async with desk.database.sessions() as session, session.begin():
        await session.execute(update(directory_tables.queues).values(follow_up_policy="reject"))
    refused = await desk.client.post(url, headers=spender, json={"body_text": "Und noch was."})
    assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
    assert (await desk.ticket(number))["state"] == "closed successful"


@pytest.mark.parametrize("state", ["pending reminder", "closed successful", "new", "no such state"])
async def test_the_follow_up_state_must_be_of_type_open(desk: Desk, state: str) -> None:
    admin = await login(desk.client, "admin")
    [queue] = await rows(desk.database, directory_tables.queues, directory_tables.queues.c.name == "Allgemein")
    patched = await desk.client.patch(
        f"/api/v1/admin/queues/{queue.id}", headers=admin, json={"follow_up_state": state}
    )
    assert patched.status_code == 422 and patched.headers["content-type"] == PROBLEM
    assert "follow_up_state" in patched.text
    created = await desk.client.post(
        "/api/v1/admin/queues", headers=admin, json={"name": "Neu", "group": "users", "follow_up_state": state}
    )
    assert created.status_code == 422 and created.headers["content-type"] == PROBLEM
    [after] = await rows(desk.database, directory_tables.queues, directory_tables.queues.c.name == "Allgemein")
    assert after.follow_up_state == "open"
    assert await rows(desk.database, directory_tables.queues, directory_tables.queues.c.name == "Neu") == []

    good = await desk.client.post(
        "/api/v1/admin/queues", headers=admin, json={"name": "Neu", "group": "users", "follow_up_state": "open"}
    )
    assert good.status_code == 201, good.text
