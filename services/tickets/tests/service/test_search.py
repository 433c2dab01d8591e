"""Full-text search with German and English stemming, on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import asyncio

import httpx

from services.tickets import main
from services.tickets.admin import load_demo
from services.tickets.settings import TicketsSettings
from services.tickets.tests.service.conftest import login, mail
from shared.db import Database
from shared.migrations import upgrade


async def test_search_stems_filters_and_respects_permissions(any_db_url):
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
    settings = TicketsSettings(tickets_database_url=any_db_url)
    database = Database(any_db_url)
    try:
        service = main.build(settings, database)
        await load_demo(database, settings)
        intake = service.handlers.handle
        await intake(mail(subject="Spende", text_body="Wir möchten zwei Basketballkörbe spenden.", message_id="<1@x>"))
        await intake(
            mail(
                subject="Donations",
                text_body="We offer donations for the club.",
                message_id="<2@x>",
                from_address="donor@example.com",
                to=["kasse@neudorf.example"],
            )
        )
        await intake(
            mail(
                subject="Vertraulich",
                text_body="Basketballkorb für den Vorstand",
                message_id="<3@x>",
                to=["vorstand@neudorf.example"],
                from_address="mitglied@example.net",
            )
        )
        transport = httpx.ASGITransport(app=service.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            admin = await login(client, "admin")

            async def search(headers, **params):
                response = await client.get("/api/v1/tickets", params=params, headers=headers)
                assert response.status_code == 200, response.text
                return response.json()

            found = await search(admin, q="Basketballkorb")
            assert found["total"] == 2 and {t["title"] for t in found["items"]} == {"Spende", "Vertraulich"}
            assert (await search(admin, q="donation"))["items"][0]["title"] == "Donations"
            assert (await search(admin, q="spenden Basketballkorb"))["total"] == 1
            assert (await search(admin, q="Basketballkorb", queue="Allgemein"))["total"] == 1
            assert (await search(admin, q="Tischtennisplatte"))["total"] == 0
            assert (await search(admin, q="!!!"))["total"] == 0
            assert (await search(admin, customer="DONOR@example.com"))["total"] == 1
            assert (await search(admin, q="Vertraulich"))["total"] == 1  # the title is indexed

            everything = await search(admin, queue="Vorstand", subqueues="true")
            assert {t["queue"] for t in everything["items"]} == {"Vorstand", "Vorstand::Schatzmeister"}

            buchhaltung = await login(client, "buchhaltung")
            assert (await search(buchhaltung, q="Basketballkorb"))["total"] == 0
            assert (await search(buchhaltung, q="Vertraulich"))["total"] == 0
            assert (await search(buchhaltung, q="donation"))["total"] == 1
            only_child = await search(buchhaltung, queue="Vorstand::Schatzmeister", subqueues="true")
            assert only_child["total"] == 1
    finally:
        await database.dispose()
