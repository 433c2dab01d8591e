"""Search on many tickets: the count stops at a cap, and the index can be rebuilt from the tables."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import text

from services.tickets import main
from services.tickets.admin import load_demo, rebuild_search_index
from services.tickets.settings import TicketsSettings
from services.tickets.tests.service.conftest import login, mail
from services.tickets.ticketing.queries.ticket_list import SEARCH_COUNT_CAP
from shared.db import Database
from shared.migrations import upgrade

# Tickets written behind the service's back, as a bulk load or a restore does: not in the index.
BULK_TICKETS = """
INSERT INTO tickets (number, title, queue_id, state_id, priority, type_name, locked, created_at, changed_at, version)
SELECT 'bulk' || n, CASE WHEN n % 100 = 0 THEN 'Kerlin Vereinsheim' ELSE 'Vereinsheim' END,
       (SELECT id FROM queues WHERE name = 'Allgemein'), (SELECT id FROM ticket_states WHERE name = 'open'),
       3, 'Unclassified', false, now() - n * interval '1 minute', now(), 1
FROM generate_series(1, :count) AS n
"""


async def test_rebuilt_index_finds_bulk_tickets_and_caps_the_count(service, database, neudorf, client):
    await service.handlers.handle(
        mail(subject="Spende", text_body="Zwei Tischtennisplatten für die Halle", message_id="<tt@x>")
    )
    async with database.sessions() as session:
        await session.execute(text(BULK_TICKETS), {"count": SEARCH_COUNT_CAP + 5})
        await session.commit()
    admin = await login(client, "admin")

    async def search(word: str) -> dict:
        response = await client.get("/api/v1/tickets", params={"q": word, "limit": 5}, headers=admin)
        assert response.status_code == 200, response.text
        return response.json()

    assert (await search("Vereinsheim"))["total"] == 0  # not indexed yet

    documents = await rebuild_search_index(database)

    assert documents == 3 + 3 + SEARCH_COUNT_CAP + 5  # three demo-fixture titles and articles, the bulk titles
    everywhere = await search("Vereinsheim")
    assert everywhere["total"] == SEARCH_COUNT_CAP and everywhere["total_is_estimate"] is True
    assert [t["number"] for t in everywhere["items"]] == [f"bulk{n}" for n in range(1, 6)]  # newest first
    rare = await search("Kerlin")
    assert rare["total"] == 10 and rare["total_is_estimate"] is False
    assert [t["number"] for t in rare["items"]] == [f"bulk{n}" for n in range(100, 600, 100)]
    article = await search("Tischtennisplatte")  # article bodies are rebuilt too, stemmed
    assert article["total"] == 1 and article["items"][0]["title"] == "Spende"
    assert (await search("Vorstandssitzung"))["total"] == 1
    buchhaltung = await login(client, "buchhaltung")
    hidden = await client.get("/api/v1/tickets", params={"q": "Vorstandssitzung"}, headers=buchhaltung)
    assert hidden.json()["total"] == 0


async def test_rebuilding_keeps_every_document_once_on_both_databases(any_db_url):
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
    settings = TicketsSettings(tickets_database_url=any_db_url)
    database = Database(any_db_url)
    try:
        service = main.build(settings, database)
        await load_demo(database, settings)
        await service.handlers.handle(
            mail(
                subject="Spende", text_body="Zwei Basketballkörbe", message_id="<b@x>", to=["material@neudorf.example"]
            )
        )
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service.app), base_url="http://t") as client:
            admin = await login(client, "admin")
            before = (await client.get("/api/v1/tickets", params={"q": "Basketballkorb"}, headers=admin)).json()
            assert await rebuild_search_index(database) == await rebuild_search_index(database) == 2
            after = (await client.get("/api/v1/tickets", params={"q": "Basketballkorb"}, headers=admin)).json()
        assert before == after and after["total"] == 1 and after["total_is_estimate"] is False
    finally:
        await database.dispose()
