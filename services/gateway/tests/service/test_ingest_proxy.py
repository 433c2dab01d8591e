"""``/api/v1/ingest`` through the gateway: the caller's identity signed by tickets, ingest decides; the paths are
in the merged API document (so the authorization matrix covers them)."""

from __future__ import annotations


async def test_ingest_admin_api_through_the_gateway(with_mail) -> None:
    admin = {"Authorization": f"Bearer {await with_mail.api_token('admin')}"}
    youth = {"Authorization": f"Bearer {await with_mail.api_token('jugend')}"}
    async with with_mail.browser() as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        assert {"/api/v1/ingest/accounts", "/api/v1/ingest/filters", "/api/v1/ingest/messages"} <= set(
            document["paths"]
        )
        assert "/api/v1/tickets" in document["paths"]

        created = await client.post(
            "/api/v1/ingest/filters",
            json={"name": "Bank", "matches": [{"field": "From", "pattern": "bank"}], "actions": {"priority": 4}},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        listed = await client.get("/api/v1/ingest/filters", headers=admin)
        assert [f["name"] for f in listed.json()] == ["Bank"]

        refused = await client.get("/api/v1/ingest/filters", headers=youth)
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert (await client.get("/api/v1/ingest/filters")).status_code == 401
        forged = await client.get("/api/v1/ingest/filters", headers={"X-Umlauf-Identity": "forged"})
        assert forged.status_code == 401
