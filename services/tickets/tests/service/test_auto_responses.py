"""A queue's auto-responses by kind, on SQLite and PostgreSQL: new, follow-up, reject, new after closed;
follow-up by the number in the body; the admin endpoint; migration 0013 moving the old single text."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import select, text, update

from services.tickets import main
from services.tickets.admin import load_demo
from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.settings import TicketsSettings
from services.tickets.tests.service.conftest import PROBLEM, login, mail, outbox_events, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.contracts.ingest import Routing
from shared.db import Database
from shared.envelope import Envelope
from shared.migrations import upgrade
from shared.runtime import Service

SENDER_TEXT = "Ich möchte dem Verein einen Basketballkorb spenden."


@dataclass
class Desk:
    service: Service
    database: Database

    async def receive(self, event: Envelope) -> Envelope:
        """Feed one inbound mail; return the last event it caused."""
        await self.service.handlers.handle(event)
        return (await outbox_events(self.database))[-1]

    async def close(self, number: str, policy: str) -> None:
        async with self.database.sessions() as session, session.begin():
            closed = (
                await session.execute(
                    select(ticket_tables.ticket_states.c.id).where(
                        ticket_tables.ticket_states.c.name == "closed successful"
                    )
                )
            ).scalar_one()
            await session.execute(
                update(ticket_tables.tickets).where(ticket_tables.tickets.c.number == number).values(state_id=closed)
            )
            await session.execute(update(directory_tables.queues).values(follow_up_policy=policy))

    async def state(self, number: str) -> str:
        [row] = await rows(
            self.database,
            ticket_tables.ticket_states,
            ticket_tables.ticket_states.c.id
            == select(ticket_tables.tickets.c.state_id)
            .where(ticket_tables.tickets.c.number == number)
            .scalar_subquery(),
        )
        return row.name


async def _desk(url: str, **settings: object) -> AsyncIterator[Desk]:
    await asyncio.to_thread(upgrade, main.MIGRATIONS, url)
    config = TicketsSettings(tickets_database_url=url, system_id=10, secret_key="test-secret", **settings)
    database = Database(url)
    try:
        await load_demo(database, config)
        yield Desk(main.build(config, database), database)
    finally:
        await database.dispose()


@pytest.fixture
async def desk(any_db_url: str) -> AsyncIterator[Desk]:
    async for d in _desk(any_db_url):
        yield d


@pytest.fixture
async def body_desk(sqlite_url: str) -> AsyncIterator[Desk]:
    async for d in _desk(sqlite_url, follow_up_by_body_number=True):
        yield d


async def _first(desk: Desk) -> tuple[str, dict]:
    created = await desk.receive(mail(text_body=SENDER_TEXT))
    return created.data["number"], created.data["auto_reply"]


def _never_quotes(auto_reply: dict) -> None:
    assert SENDER_TEXT not in auto_reply["mail"]["body_text"]
    assert "Basketballkorb spenden" not in auto_reply["mail"]["body_text"]


async def test_new_ticket_gets_the_new_response(desk: Desk) -> None:
    number, auto_reply = await _first(desk)
    assert auto_reply["kind"] == "new"
    assert auto_reply["mail"]["subject"] == f"[Ticket#{number}] Spende: ein Basketballkorb"
    assert f"unter der Nummer {number} erfasst" in auto_reply["mail"]["body_text"]
    _never_quotes(auto_reply)


async def test_follow_up_to_an_open_ticket_gets_the_follow_up_response(desk: Desk) -> None:
    number, first = await _first(desk)
    added = await desk.receive(
        mail(subject=f"Re: [Ticket#{number}] Spende", message_id="<f@example.org>", text_body=SENDER_TEXT)
    )
    assert (added.type, added.data["follow_up"]) == ("ticket.article.added", True)
    auto_reply = added.data["auto_reply"]
    assert auto_reply["kind"] == "follow_up"
    body = auto_reply["mail"]["body_text"]
    assert body.startswith("Guten Tag Sam Spender,") and "Sportverein Neudorf e. V." in body
    assert f"dem Vorgang {number} hinzugefügt" in body and "„Spende: ein Basketballkorb“" in body
    assert auto_reply["mail"]["subject"] == f"Re: [Ticket#{number}] Spende"  # the hook is not repeated
    assert auto_reply["mail"]["in_reply_to"] == "<f@example.org>"
    assert auto_reply["mail"]["message_id"] != first["mail"]["message_id"]
    _never_quotes(auto_reply)
    # An answer to the follow-up response threads into the ticket by its Message-ID.
    again = await desk.receive(
        mail(subject="Noch was", message_id="<g@example.org>", in_reply_to=auto_reply["mail"]["message_id"])
    )
    assert again.data["number"] == number and again.data["follow_up"] is True


async def test_reject_keeps_the_article_and_the_ticket_closed_and_sends_the_reject_response(desk: Desk) -> None:
    number, _ = await _first(desk)
    await desk.close(number, "reject")

    added = await desk.receive(
        mail(subject=f"Re: [Ticket#{number}]", message_id="<late@example.org>", text_body=SENDER_TEXT)
    )

    assert await desk.state(number) == "closed successful"
    assert [a.message_id for a in await rows(desk.database, ticket_tables.articles)] == [
        "<first@example.org>",
        "<late@example.org>",
    ]
    auto_reply = added.data["auto_reply"]
    assert auto_reply["kind"] == "reject"
    assert auto_reply["mail"]["subject"] == f"[Ticket#{number}] Vorgang abgeschlossen: Spende: ein Basketballkorb"
    assert "nicht wieder geöffnet" in auto_reply["mail"]["body_text"]
    _never_quotes(auto_reply)


async def test_new_ticket_after_a_closed_one_gets_the_new_after_closed_response(desk: Desk) -> None:
    old, _ = await _first(desk)
    await desk.close(old, "new_ticket")

    created = await desk.receive(
        mail(subject=f"Re: [Ticket#{old}] Spende", message_id="<later@example.org>", text_body=SENDER_TEXT)
    )

    assert created.type == "ticket.created" and created.data["number"] != old
    auto_reply = created.data["auto_reply"]
    assert auto_reply["kind"] == "new_after_closed"
    new = created.data["number"]
    assert auto_reply["mail"]["subject"] == f"[Ticket#{new}] Neuer Vorgang: Re: [Ticket#{old}] Spende"
    assert f"als neuen Vorgang {new} erfasst" in auto_reply["mail"]["body_text"]
    _never_quotes(auto_reply)


async def test_a_kind_the_queue_lacks_a_stranger_and_spam_get_no_auto_response(desk: Desk) -> None:
    number, _ = await _first(desk)
    async with desk.database.sessions() as session, session.begin():
        await session.execute(
            directory_tables.queue_auto_responses.delete().where(
                directory_tables.queue_auto_responses.c.kind == "follow_up"
            )
        )
    added = await desk.receive(mail(subject=f"Re: [Ticket#{number}]", message_id="<a@example.org>"))
    assert added.data["follow_up"] is True and added.data["auto_reply"] is None

    [queue] = await rows(desk.database, directory_tables.queues, directory_tables.queues.c.name == "Allgemein")
    async with desk.database.sessions() as session, session.begin():
        await session.execute(
            directory_tables.queue_auto_responses.insert().values(
                queue_id=queue.id, kind="follow_up", subject="", body="Danke."
            )
        )
    stranger = await desk.receive(
        mail(subject=f"Re: [Ticket#{number}]", message_id="<b@example.org>", from_address="x@evil.example")
    )
    assert stranger.data["visible_for_customer"] is False and stranger.data["auto_reply"] is None
    spam = await desk.receive(
        mail(subject=f"Re: [Ticket#{number}]", message_id="<c@example.org>", routing=Routing(spam=True))
    )
    assert spam.data["follow_up"] is True and spam.data["auto_reply"] is None
    answered = await desk.receive(mail(subject=f"Re: [Ticket#{number}]", message_id="<d@example.org>"))
    assert answered.data["auto_reply"]["mail"]["body_text"].endswith(
        "Danke.\n\nMit sportlichen Grüßen\nSportverein Neudorf e. V.\nAllgemein"
    )


async def test_the_number_in_the_body_threads_only_when_switched_on(desk: Desk, body_desk: Desk) -> None:
    for d, threads in ((desk, False), (body_desk, True)):
        number, _ = await _first(d)
        event = await d.receive(
            mail(subject="Frage", message_id="<body@example.org>", text_body=f"Zu Ticket#{number}: wann?")
        )
        assert (event.type == "ticket.article.added") is threads
        if threads:
            assert event.data["number"] == number and event.data["auto_reply"]["kind"] == "follow_up"
            notes = [h.note for h in await rows(d.database, ticket_tables.history) if h.type == "SystemRouting"]
            assert f"Follow-up to {number} found by the ticket number in the body." in notes


async def test_the_number_in_the_body_keeps_the_sender_rules(body_desk: Desk) -> None:
    number, _ = await _first(body_desk)
    added = await body_desk.receive(
        mail(message_id="<s@x>", subject="Hallo", from_address="x@evil.example", text_body=f"Ticket#{number}")
    )
    assert added.data["number"] == number
    assert added.data["visible_for_customer"] is False and added.data["auto_reply"] is None


@pytest.fixture
async def admin_client(service, database, settings) -> AsyncIterator[httpx.AsyncClient]:
    await load_demo(database, settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service.app), base_url="http://t") as client:
        yield client


async def test_admin_reads_and_replaces_a_queues_auto_responses(admin_client, service, database) -> None:
    admin = await login(admin_client, "admin")
    [queue] = await rows(database, directory_tables.queues, directory_tables.queues.c.name == "Allgemein")
    url = f"/api/v1/admin/queues/{queue.id}/auto-responses"

    current = (await admin_client.get(url, headers=admin)).json()
    assert set(current) == {"new", "follow_up", "reject", "new_after_closed"}
    assert current["new"]["subject"] == "" and "{{ ticket.number }}" in current["new"]["body"]

    wanted = {"new": {"subject": "Eingang {{ ticket.number }}", "body": "Angekommen in {{ queue.name }}."}}
    put = await admin_client.put(url, headers=admin, json=wanted)
    assert put.status_code == 200, put.text
    assert (await admin_client.get(url, headers=admin)).json() == {
        "new": wanted["new"],
        "follow_up": None,
        "reject": None,
        "new_after_closed": None,
    }
    [entry, *_] = (await admin_client.get("/api/v1/admin/audit", headers=admin)).json()
    assert (entry["action"], entry["subject"], entry["actor"]) == ("queue.auto_responses", "Allgemein", "agent:admin")
    assert entry["detail"]["kinds"] == ["new"]
    assert entry["detail"]["changed"] == ["follow_up", "new", "new_after_closed", "reject"]

    await service.handlers.handle(mail())
    created = (await outbox_events(database))[-1]
    number = created.data["number"]
    assert created.data["auto_reply"]["mail"]["subject"] == f"[Ticket#{number}] Eingang {number}"
    assert "Angekommen in Allgemein." in created.data["auto_reply"]["mail"]["body_text"]
    queues = {q["name"]: q for q in (await admin_client.get("/api/v1/admin/queues", headers=admin)).json()}
    assert queues["Allgemein"]["auto_response"] == "Angekommen in {{ queue.name }}."


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"reject": {"body": "Hallo {{ ticket.numbr }}"}}, "reject auto-response's body does not render"),
        ({"new": {"subject": "{% if %}", "body": "x"}}, "new auto-response's subject does not render"),
        ({"follow_up": {"body": "{{ ''.__class__.__mro__ }}"}}, "follow_up auto-response's body does not render"),
        ({"new": {"subject": "a\r\nBcc: x@evil.example", "body": "x"}}, "subject"),
        ({"new": {"body": ""}}, "body"),
    ],
)
async def test_a_template_that_does_not_render_is_refused(admin_client, database, body, reason) -> None:
    admin = await login(admin_client, "admin")
    before = await rows(database, directory_tables.queue_auto_responses)
    response = await admin_client.put("/api/v1/admin/queues/1/auto-responses", headers=admin, json=body)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert reason in response.text
    assert await rows(database, directory_tables.queue_auto_responses) == before


async def test_only_admins_and_only_existing_queues(admin_client) -> None:
    admin, vorstand = await login(admin_client, "admin"), await login(admin_client, "vorstand")
    body = {"new": {"body": "x"}}
    assert (await admin_client.get("/api/v1/admin/queues/1/auto-responses", headers=vorstand)).status_code == 403
    assert (
        await admin_client.put("/api/v1/admin/queues/1/auto-responses", headers=vorstand, json=body)
    ).status_code == 403
    for method in ("get", "put"):
        response = await admin_client.request(
            method, "/api/v1/admin/queues/999999/auto-responses", headers=admin, json=body
        )
        assert response.status_code == 404 and response.headers["content-type"] == PROBLEM


async def test_migration_0013_moves_the_single_text_to_the_new_kind(any_db_url: str) -> None:
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url, "0012")
    database = Database(any_db_url)
    try:
        async with database.sessions() as session, session.begin():
            await session.execute(text("INSERT INTO groups (name) VALUES ('migration')"))
            group = (await session.execute(text("SELECT id FROM groups WHERE name = 'migration'"))).scalar_one()
            await session.execute(
                text(
                    "INSERT INTO queues (name, group_id, follow_up_policy, auto_response, unlock_timeout_minutes,"
                    " valid) VALUES ('Mit', :g, 'reopen', 'Danke {{ customer.name }}', 0, true),"
                    " ('Ohne', :g, 'reopen', NULL, 0, true)"
                ),
                {"g": group},
            )
            with_text = (await session.execute(text("SELECT id FROM queues WHERE name = 'Mit'"))).scalar_one()
        await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
        moved = [
            (r.queue_id, r.kind, r.subject, r.body) for r in await rows(database, directory_tables.queue_auto_responses)
        ]
        assert moved == [(with_text, "new", "", "Danke {{ customer.name }}")]
    finally:
        await database.dispose()


async def test_an_imported_mail_keeps_its_date_and_is_never_answered(desk: Desk) -> None:
    """Issue 13: ``umlauf import`` of a 2019 archive gives tickets dated 2019 and no auto-response."""

    sent = datetime(2019, 3, 4, 10, 15, tzinfo=timezone(timedelta(hours=1)))
    created = await desk.receive(mail(imported=True, date=sent))
    assert created.type == "ticket.created" and created.data["auto_reply"] is None
    assert datetime.fromisoformat(created.data["created_at"]) == sent.astimezone(UTC)
    assert created.data["number"].startswith("20190304")
    [ticket] = await rows(
        desk.database, ticket_tables.tickets, ticket_tables.tickets.c.number == created.data["number"]
    )
    [article] = await rows(desk.database, ticket_tables.articles, ticket_tables.articles.c.ticket_id == ticket.id)
    assert article.created_at == sent.astimezone(UTC)
    notes = await rows(desk.database, ticket_tables.history, ticket_tables.history.c.ticket_id == ticket.id)
    assert any("Imported from a mailbox" in (n.note or "") for n in notes)
    # A follow-up in the same archive still threads into its ticket, dated and unanswered too.
    later = sent + timedelta(days=2)
    added = await desk.receive(
        mail(
            imported=True,
            date=later,
            subject=f"Re: [Ticket#{created.data['number']}] Spende",
            message_id="<second@example.org>",
        )
    )
    assert (added.type, added.data["number"], added.data["auto_reply"]) == (
        "ticket.article.added",
        created.data["number"],
        None,
    )
    # Without a Date header the import falls back to now.
    undated = await desk.receive(mail(imported=True, date=None, message_id="<undated@example.org>", subject="Neu"))
    assert undated.type == "ticket.created" and undated.data["auto_reply"] is None
    assert datetime.now(UTC) - datetime.fromisoformat(undated.data["created_at"]) < timedelta(minutes=5)


async def test_an_archive_imported_as_closed_stays_closed(desk: Desk) -> None:
    """``umlauf import --state closed``: closed tickets; a follow-up in the archive attaches without reopening."""
    sent = datetime(2019, 5, 6, 8, 0, tzinfo=UTC)
    created = await desk.receive(mail(imported=True, import_state="closed", date=sent))
    number = created.data["number"]
    assert (created.data["state"], created.data["state_type"], created.data["auto_reply"]) == (
        "closed successful",
        "closed",
        None,
    )
    await desk.close(number, "reopen")  # the queue would reopen a closed ticket on a live follow-up
    added = await desk.receive(
        mail(
            imported=True,
            import_state="closed",
            date=sent + timedelta(hours=3),
            in_reply_to="<first@example.org>",
            message_id="<answer@example.org>",
        )
    )
    assert (added.type, added.data["number"], added.data["auto_reply"]) == ("ticket.article.added", number, None)
    assert await desk.state(number) == "closed successful"
    # A state by its name works too; one tickets does not know is said in the history, not applied.
    named = await desk.receive(mail(imported=True, import_state="open", message_id="<o@example.org>", subject="A"))
    assert named.data["state"] == "open"
    unknown = await desk.receive(
        mail(imported=True, import_state="erledigt", message_id="<u@example.org>", subject="B")
    )
    assert unknown.data["state"] == "new"
    [ticket] = await rows(
        desk.database, ticket_tables.tickets, ticket_tables.tickets.c.number == unknown.data["number"]
    )
    notes = await rows(desk.database, ticket_tables.history, ticket_tables.history.c.ticket_id == ticket.id)
    assert any("'erledigt' not applied" in (n.note or "") for n in notes)
