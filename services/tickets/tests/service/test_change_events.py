"""Every change goes out as exactly its event, in the change's transaction (PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.tests.service.conftest import login, mail, outbox_events, units
from services.tickets.tests.service.test_customer_portal import customer_login
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.app.scheduler import Scheduler
from shared.db import Database


async def _number(client, headers, subject: str) -> str:
    items = (await client.get("/api/v1/tickets?queue=Allgemein", headers=headers)).json()["items"]
    return next(item["number"] for item in items if item["title"] == subject)


async def _after(database, seen: int, action) -> list:
    response = await action
    assert response.status_code in (200, 204), response.text  # 204: the ticket left the caller's queues
    return (await outbox_events(database))[seen:]


async def test_each_action_emits_exactly_its_event(client, service, database, neudorf):
    await service.handlers.handle(mail(message_id="<donor@example.org>"))
    empfang = await login(client, "empfang")
    number = await _number(client, empfang, "Spende: ein Basketballkorb")
    url = f"/api/v1/tickets/{number}"
    seen = len(await outbox_events(database))

    [event] = await _after(database, seen, client.post(f"{url}/lock", headers=empfang, json={}))
    assert (event.type, event.data["history_type"], event.data["changed_by"]) == (
        "ticket.updated",
        "Lock",
        "agent:empfang",
    )
    assert {c["field"] for c in event.data["changes"]} == {"owner", "lock"}
    assert event.data["ticket"]["owner"] == "empfang" and event.data["ticket"]["owner_email"]
    assert event.key == str(event.data["ticket_id"]) and event.sequence == event.data["ticket_version"]
    seen += 1

    [event] = await _after(database, seen, client.post(f"{url}/priority", headers=empfang, json={"priority": 4}))
    assert (event.type, event.data["history_type"]) == ("ticket.updated", "PriorityUpdate")
    assert event.data["changes"] == [{"field": "priority", "old": "3 normal", "new": "4 high"}]
    assert event.data["ticket"]["priority"] == 4
    seen += 1

    until = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    body = {"state": "pending reminder", "pending_until": until}
    [event] = await _after(database, seen, client.post(f"{url}/state", headers=empfang, json=body))
    assert [c["field"] for c in event.data["changes"]] == ["state", "pending_until"]
    assert event.data["ticket"]["state_type"] == "pending reminder"
    seen += 1

    moved = client.post(f"{url}/move", headers=empfang, json={"queue": "Materialwart"})
    [event] = await _after(database, seen, moved)
    assert (event.type, event.data["from_queue"], event.data["ticket"]["queue"]) == (
        "ticket.moved",
        "Allgemein",
        "Materialwart",
    )
    assert event.data["ticket"]["locked"] is False  # unlocked on the way, said by the snapshot
    assert event.sequence == event.data["ticket_version"]


async def test_no_change_no_event(client, service, database, neudorf):
    await service.handlers.handle(mail())
    empfang = await login(client, "empfang")
    number = await _number(client, empfang, "Spende: ein Basketballkorb")
    seen = len(await outbox_events(database))
    assert (
        await _after(
            database, seen, client.post(f"/api/v1/tickets/{number}/priority", headers=empfang, json={"priority": 3})
        )
        == []
    )


async def test_merge_emits_ticket_merged(client, service, database, neudorf):
    await service.handlers.handle(mail(message_id="<a@x>", subject="Erste"))
    await service.handlers.handle(mail(message_id="<b@x>", subject="Zweite"))
    empfang = await login(client, "empfang")
    first, second = [await _number(client, empfang, s) for s in ("Erste", "Zweite")]
    seen = len(await outbox_events(database))
    merged = client.post(f"/api/v1/tickets/{second}/merge", headers=empfang, json={"into": first})
    response = await merged
    assert response.status_code in (200, 204), response.text
    [event] = (await outbox_events(database))[seen:]
    assert (event.type, event.data["number"], event.data["into_number"]) == ("ticket.merged", second, first)
    assert event.data["ticket"]["state_type"] == "merged"


async def test_reopening_follow_up_announces_the_state(service, database):
    await service.handlers.handle(mail())
    async with database.sessions() as session, session.begin():
        closed = (
            await session.execute(
                select(ticket_tables.ticket_states.c.id).where(
                    ticket_tables.ticket_states.c.name == "closed successful"
                )
            )
        ).scalar_one()
        await session.execute(update(ticket_tables.tickets).values(state_id=closed))
    await service.handlers.handle(
        mail(message_id="<again@example.org>", in_reply_to="<first@example.org>", subject="Re: Spende")
    )
    updated, added = (await outbox_events(database))[-2:]
    assert (updated.type, added.type) == ("ticket.updated", "ticket.article.added")
    assert updated.data["changes"] == [{"field": "state", "old": "closed successful", "new": "open"}]
    assert updated.causation_id == added.causation_id


async def _set_state(database: Database, name: str, **values) -> None:
    async with database.sessions() as session, session.begin():
        state_id = (
            await session.execute(
                select(ticket_tables.ticket_states.c.id).where(ticket_tables.ticket_states.c.name == name)
            )
        ).scalar_one()
        await session.execute(update(ticket_tables.tickets).values(state_id=state_id, **values))


async def test_auto_close_and_unlock_timeout_are_announced(service, database):
    await service.handlers.handle(mail())
    now = datetime.now(UTC)
    await _set_state(database, "pending auto close+", pending_until=now - timedelta(minutes=1))
    await Scheduler(units(database)).run_once(now)
    [event] = [e for e in await outbox_events(database) if e.type == "ticket.updated"]
    assert (event.data["changed_by"], event.data["ticket"]["state_type"]) == ("system:auto-close", "closed")

    await service.handlers.handle(mail(message_id="<other@x>", subject="Andere"))
    async with database.sessions() as session, session.begin():
        await session.execute(update(directory_tables.queues).values(unlock_timeout_minutes=30))
        await session.execute(
            update(ticket_tables.tickets)
            .where(ticket_tables.tickets.c.title == "Andere")
            .values(locked=True, changed_at=now - timedelta(hours=1))
        )
    await Scheduler(units(database)).run_once(now)
    unlocked = [e for e in await outbox_events(database) if e.data.get("changed_by") == "system:unlock-timeout"]
    assert [(e.type, e.data["history_type"]) for e in unlocked] == [("ticket.updated", "Unlock")]


async def test_reminder_reached_once_across_replicas_and_again_for_a_new_time(service, database, pg_url):
    for i in range(5):
        await service.handlers.handle(mail(message_id=f"<r{i}@x>", subject=f"Erinnerung {i}"))
    now = datetime.now(UTC)
    await _set_state(database, "pending reminder", pending_until=now - timedelta(minutes=1))
    other = Database(pg_url)
    try:
        await asyncio.gather(
            Scheduler(units(database), batch=2).run_once(now),
            Scheduler(units(other)).run_once(now),
        )
    finally:
        await other.dispose()
    for _ in range(3):
        await Scheduler(units(database)).run_once(now)
    reached = [e for e in await outbox_events(database) if e.type == "ticket.reminder.reached"]
    assert len(reached) == 5 and len({e.data["ticket_id"] for e in reached}) == 5
    assert reached[0].data["ticket"]["state"] == "pending reminder"

    await _set_state(database, "pending reminder", pending_until=now)
    await Scheduler(units(database)).run_once(now + timedelta(seconds=1))
    assert len([e for e in await outbox_events(database) if e.type == "ticket.reminder.reached"]) == 10


async def test_reminder_not_yet_due_is_quiet(service, database):
    await service.handlers.handle(mail())
    now = datetime.now(UTC)
    await _set_state(database, "pending reminder", pending_until=now + timedelta(minutes=5))
    await Scheduler(units(database)).run_once(now)
    assert not [e for e in await outbox_events(database) if e.type == "ticket.reminder.reached"]


async def test_a_portal_answer_reopening_a_closed_ticket_announces_the_state(client, service, database, neudorf):
    await service.handlers.handle(mail(message_id="<portal@example.org>", subject="Portal"))
    async with database.sessions() as session, session.begin():
        closed = (
            await session.execute(
                select(ticket_tables.ticket_states.c.id).where(
                    ticket_tables.ticket_states.c.name == "closed successful"
                )
            )
        ).scalar_one()
        await session.execute(
            update(ticket_tables.tickets).where(ticket_tables.tickets.c.title == "Portal").values(state_id=closed)
        )
    number = (await rows_of(database, "Portal")).number
    spender = await customer_login(client)
    answered = await client.post(
        f"/api/v1/customer/tickets/{number}/answer", headers=spender, json={"body_text": "Noch da?"}
    )
    assert answered.status_code in (200, 201, 204), answered.text
    updated, added = (await outbox_events(database))[-2:]
    assert (updated.type, added.type) == ("ticket.updated", "ticket.article.added")
    assert (updated.data["previous_state_type"], updated.data["ticket"]["state"]) == ("closed", "open")


async def rows_of(database: Database, title: str):  # type: ignore[no-untyped-def]
    async with database.sessions() as session:
        return (
            await session.execute(select(ticket_tables.tickets).where(ticket_tables.tickets.c.title == title))
        ).one()
