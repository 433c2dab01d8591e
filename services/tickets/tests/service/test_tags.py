"""Free tags on tickets through the HTTP API and from ingest's routing, on PostgreSQL."""

from __future__ import annotations

from services.tickets.tests.service.conftest import PROBLEM, login, mail, outbox_events, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.contracts.ingest import Routing


async def _number(client, headers, queue="Allgemein") -> str:
    [summary] = (await client.get(f"/api/v1/tickets?queue={queue}", headers=headers)).json()["items"]
    return summary["number"]


async def test_add_list_filter_and_remove_tags(client, service, database, neudorf):
    await service.handlers.handle(mail(message_id="<a@x>", subject="Spende"))
    await service.handlers.handle(mail(message_id="<b@x>", subject="Anderes"))
    empfang = await login(client, "empfang")
    items = (await client.get("/api/v1/tickets?queue=Allgemein", headers=empfang)).json()["items"]
    number = next(i["number"] for i in items if i["title"] == "Spende")
    url = f"/api/v1/tickets/{number}/tags"

    added = await client.post(url, headers=empfang, json={"tags": ["Spende", " sachspende ", "spende"]})
    assert added.status_code == 200, added.text
    assert added.json()["tags"] == ["sachspende", "spende"]
    event = (await outbox_events(database))[-1]
    assert event.type == "ticket.updated" and event.data["history_type"] == "TagAdd"
    assert sorted(c["new"] for c in event.data["changes"] if c["field"] == "tags") == ["sachspende", "spende"]

    listed = (await client.get("/api/v1/tickets?tag=SPENDE", headers=empfang)).json()
    assert [i["number"] for i in listed["items"]] == [number] and listed["items"][0]["tags"] == ["sachspende", "spende"]
    assert (await client.get("/api/v1/tickets?tag=unbekannt", headers=empfang)).json()["total"] == 0
    blank = await client.get("/api/v1/tickets?tag=%20", headers=empfang)
    assert blank.status_code == 422 and blank.headers["content-type"] == PROBLEM

    again = await client.post(url, headers=empfang, json={"tags": ["spende"]})
    assert again.json()["version"] == added.json()["version"]  # nothing changed, nothing announced

    removed = await client.request("DELETE", url, headers=empfang, json={"tags": ["spende", "gibt-es-nicht"]})
    assert removed.status_code == 200, removed.text
    assert removed.json()["tags"] == ["sachspende"]
    assert (await outbox_events(database))[-1].data["history_type"] == "TagRemove"
    history = (await client.get(f"/api/v1/tickets/{number}/history", headers=empfang)).json()
    assert [h["type"] for h in history if h["type"].startswith("Tag")] == ["TagAdd", "TagAdd", "TagRemove"]
    assert [r.tag for r in await rows(database, ticket_tables.ticket_tags)] == ["sachspende"]


async def test_tags_need_rw(client, service, neudorf):
    await service.handlers.handle(mail(to=["presse@neudorf.example"]))
    jugend = await login(client, "jugend")  # ro and note on Presse
    number = await _number(client, jugend, "Öffentlichkeitsarbeit::Presse")
    denied = await client.post(f"/api/v1/tickets/{number}/tags", headers=jugend, json={"tags": ["presse"]})
    assert denied.status_code == 403 and denied.headers["content-type"] == PROBLEM
    empty = await client.post(f"/api/v1/tickets/{number}/tags", headers=jugend, json={"tags": []})
    assert empty.status_code == 422


async def test_routing_tags_are_applied_to_new_tickets(client, service, database, neudorf):
    routed = Routing(tags=["Verein", "x" * 101])
    await service.handlers.handle(mail(routing=routed))
    [ticket] = await rows(database, ticket_tables.tickets, ticket_tables.tickets.c.number.not_in(neudorf.values()))
    assert [(r.ticket_id, r.tag) for r in await rows(database, ticket_tables.ticket_tags)] == [(ticket.id, "verein")]
    notes = [
        h.note or ""
        for h in await rows(database, ticket_tables.history, ticket_tables.history.c.ticket_id == ticket.id)
    ]
    assert any("is no valid tag" in n for n in notes)
    empfang = await login(client, "empfang")
    assert (await client.get(f"/api/v1/tickets/{ticket.number}", headers=empfang)).json()["tags"] == ["verein"]
