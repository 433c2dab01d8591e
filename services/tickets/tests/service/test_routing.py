"""Ingest's routing applied to new tickets, and every routing and threading decision in the history (PostgreSQL)."""

from __future__ import annotations

from services.tickets.admin import load_demo
from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.tests.service.conftest import login, mail, outbox_events, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.contracts.ingest import Decision, Routing


async def _routing_notes(database) -> list[str]:
    return [h.note for h in await rows(database, ticket_tables.history) if h.type == "SystemRouting"]


async def test_routing_decides_queue_priority_title_owner_and_explains(client, service, database, settings):
    await load_demo(database, settings)
    routed = Routing(queue="Materialwart", priority=5, title="Basketballkorb (Spende)", owner="empfang")
    decisions = [Decision(rule="filter", name="Sachspenden", field="queue", value="Materialwart")]
    await service.handlers.handle(mail(routing=routed, decisions=decisions))

    [created] = await outbox_events(database)
    assert (created.data["queue"], created.data["priority"], created.data["title"]) == (
        "Materialwart",
        5,
        "Basketballkorb (Spende)",
    )
    [ticket] = await rows(database, ticket_tables.tickets)
    [owner] = await rows(database, directory_tables.agents, directory_tables.agents.c.id == ticket.owner_id)
    assert owner.login == "empfang"
    assert await _routing_notes(database) == [
        "Routed by filter Sachspenden: queue = Materialwart.",
        "Queue Allgemein by recipient (system address).",
        "Queue Materialwart by ingest routing.",
        "No ticket found by subject or In-Reply-To/References: new ticket.",
    ]

    headers = await login(client, "materialwart")
    history = (await client.get(f"/api/v1/tickets/{ticket.number}/history", headers=headers)).json()
    assert "Queue Materialwart by ingest routing." in [entry.get("note") for entry in history]


async def test_what_does_not_resolve_is_said_and_not_applied(service, database, settings):
    await load_demo(database, settings)
    routed = Routing(queue="Gibt es nicht", state="pending reminder", owner="niemand", type="Nope", tags=["x"])
    await service.handlers.handle(mail(routing=routed))

    [created] = await outbox_events(database)
    assert (created.data["queue"], created.data["state"]) == ("Allgemein", "new")
    notes = await _routing_notes(database)
    assert "Routed queue 'Gibt es nicht' does not exist: kept Allgemein." in notes
    assert any(n.startswith("Routed state 'pending reminder' not applied") for n in notes)
    assert "Routed owner 'niemand' is no valid agent: not applied." in notes
    assert "Routed type 'Nope' does not exist: not applied." in notes


async def test_spam_gets_no_auto_reply(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(mail(routing=Routing(spam=True)))
    [created] = await outbox_events(database)
    assert created.data["auto_reply"] is None
    assert "Flagged as spam upstream: no auto-response." in await _routing_notes(database)


async def test_follow_up_says_how_it_was_found(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(mail())
    [ticket] = await rows(database, ticket_tables.tickets)
    await service.handlers.handle(mail(message_id="<r@x>", in_reply_to="<first@example.org>", subject="Re: Spende"))
    await service.handlers.handle(mail(message_id="<s@x>", subject=f"Re: [Ticket#{ticket.number}] Spende"))
    notes = await _routing_notes(database)
    assert notes[-2:] == [
        f"Follow-up to {ticket.number} found by In-Reply-To/References.",
        f"Follow-up to {ticket.number} found by the ticket number in the subject.",
    ]
