"""``/api/v1`` through the gateway: the tickets API as it is, authorised by tickets, streamed back."""

import httpx

from services.gateway.main import build
from services.gateway.tests.system import RECEIPT, log_in, serving


async def test_bearer_token_reaches_tickets_and_answers_come_back_unchanged(system):
    token = await system.api_token("admin")
    auth = {"Authorization": f"Bearer {token}"}
    async with system.browser() as client:
        page = await client.get("/api/v1/tickets", params={"queue": "Allgemein"}, headers=auth)
        assert page.status_code == 200 and page.headers["content-type"] == "application/json"
        assert page.json()["total"] == 1
        number = page.json()["items"][0]["number"]
        ticket = await client.get(f"/api/v1/tickets/{number}", headers=auth)
        assert ticket.json()["articles"][0]["subject"] == "Basketballkorb zu verschenken"
        assert ticket.headers["etag"]  # tickets' own headers pass through
        assert ticket.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in ticket.headers["content-security-policy"]

        missing = await client.get("/api/v1/tickets/2026112810999999", headers=auth)
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json()["status"] == 404


async def test_attachment_bytes_stream_through(system):
    token = await system.api_token("buchhaltung")
    auth = {"Authorization": f"Bearer {token}"}
    async with system.browser() as client:
        number = (
            await client.get("/api/v1/tickets", params={"queue": "Vorstand::Schatzmeister"}, headers=auth)
        ).json()["items"][0]["number"]
        attachment = (await client.get(f"/api/v1/tickets/{number}", headers=auth)).json()["articles"][0]["attachments"][
            0
        ]
        async with client.stream("GET", f"/api/v1/tickets/{number}/attachments/{attachment['id']}", headers=auth) as r:
            body = b"".join([chunk async for chunk in r.aiter_bytes()])
        assert r.status_code == 200 and body == RECEIPT


async def test_tickets_decides_who_sees_what(system):
    token = await system.api_token("buchhaltung")
    async with system.browser() as client:
        hidden = await client.get(
            "/api/v1/tickets", params={"queue": "Vorstand"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert hidden.status_code == 404
        anonymous = await client.get("/api/v1/queues")
        assert anonymous.status_code == 401 and anonymous.headers["content-type"] == "application/problem+json"


async def test_the_ui_session_cookie_is_not_an_api_credential(system):
    async with system.browser() as browser:
        await log_in(browser, "admin")
        assert (await browser.get("/queues")).status_code == 200
        assert (await browser.get("/api/v1/queues")).status_code == 401


async def test_post_bodies_are_forwarded(system):
    async with system.browser() as client:
        login = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
        assert login.status_code == 200 and login.json()["agent"]["login"] == "admin"
        me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {login.json()['token']}"})
        assert me.json()["login"] == "admin"
        wrong = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "nope"})
        assert wrong.status_code == 401


async def test_openapi_document_and_docs_page_without_a_cdn(system):
    async with system.browser() as client:
        document = await client.get("/api/v1/openapi.json")
        assert document.status_code == 200
        assert "/api/v1/tickets/{number}" in document.json()["paths"]
        docs = await client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/v1/tickets/{number}" in docs.text and "/api/v1/openapi.json" in docs.text
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()


async def test_over_the_network_with_the_default_clients(system):
    """Distributed mode: tickets listens on a port and the gateway builds its own client from the settings."""
    async with serving(system.tickets.app) as tickets_url:
        gateway = build(system.settings.model_copy(update={"tickets_url": tickets_url}))
        try:
            async with serving(gateway.app) as gateway_url, httpx.AsyncClient(base_url=gateway_url) as client:
                login = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
                auth = {"Authorization": f"Bearer {login.json()['token']}"}
                tickets = await client.get("/api/v1/tickets", params={"queue": "Vorstand::Schatzmeister"}, headers=auth)
                number = tickets.json()["items"][0]["number"]
                article = (await client.get(f"/api/v1/tickets/{number}", headers=auth)).json()["articles"][0]
                download = await client.get(
                    f"/api/v1/tickets/{number}/attachments/{article['attachments'][0]['id']}", headers=auth
                )
                assert download.content == RECEIPT
                assert (await client.get("/api/v1/tickets/0", headers=auth)).status_code == 404
        finally:
            for closer in gateway.on_stop:
                await closer()
            await gateway.database.dispose()
