"""API tokens: created once, listed without the token, revoked by the agent or an admin; expired ones are 401."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.tests.service.conftest import PROBLEM, login


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_an_agent_creates_lists_uses_and_revokes_a_token(client, neudorf):
    vorstand = await login(client, "vorstand")
    created = await client.post("/api/v1/auth/tokens", json={"name": "Kalender", "days": 30}, headers=vorstand)
    assert created.status_code == 201, created.text
    token, token_id = created.json()["token"], created.json()["id"]
    listed = (await client.get("/api/v1/auth/tokens", headers=vorstand)).json()
    assert [(t["id"], t["name"], t["last_used_at"]) for t in listed] == [(token_id, "Kalender", None)]
    assert "token" not in listed[0]
    assert token not in str(listed)

    assert (await client.get("/api/v1/auth/me", headers=bearer(token))).json()["login"] == "vorstand"
    other = await login(client, "empfang")
    assert (await client.get("/api/v1/auth/tokens", headers=other)).json() == []
    assert (await client.delete(f"/api/v1/auth/tokens/{token_id}", headers=other)).status_code == 404
    assert (await client.get("/api/v1/auth/me", headers=bearer(token))).status_code == 200

    assert (await client.delete(f"/api/v1/auth/tokens/{token_id}", headers=vorstand)).status_code == 204
    gone = await client.get("/api/v1/auth/me", headers=bearer(token))
    assert gone.status_code == 401 and gone.headers["content-type"] == PROBLEM
    assert (await client.get("/api/v1/auth/tokens", headers=vorstand)).json() == []


async def test_an_expired_token_answers_401(client, database, neudorf):
    vorstand = await login(client, "vorstand")
    created = (await client.post("/api/v1/auth/tokens", json={"name": "alt"}, headers=vorstand)).json()
    async with database.sessions() as session:
        await session.execute(
            update(identity_tables.auth_tokens)
            .where(identity_tables.auth_tokens.c.id == created["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()
    assert (await client.get("/api/v1/auth/me", headers=bearer(created["token"]))).status_code == 401
    assert (await client.get("/api/v1/auth/tokens", headers=vorstand)).json() == []


async def test_admins_list_and_revoke_other_agents_tokens_and_the_audit_log_says_so(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    created = (await client.post("/api/v1/auth/tokens", json={"name": "Skript"}, headers=vorstand)).json()
    assert (await client.get("/api/v1/admin/agents/vorstand/tokens", headers=vorstand)).status_code == 403
    listed = (await client.get("/api/v1/admin/agents/vorstand/tokens", headers=admin)).json()
    assert [t["name"] for t in listed] == ["Skript"]
    assert (await client.get("/api/v1/admin/agents/niemand/tokens", headers=admin)).status_code == 404
    path = f"/api/v1/admin/agents/vorstand/tokens/{created['id']}"
    assert (await client.delete(path, headers=vorstand)).status_code == 403
    assert (await client.delete(path, headers=admin)).status_code == 204
    assert (await client.delete(path, headers=admin)).status_code == 404
    assert (await client.get("/api/v1/auth/me", headers=bearer(created["token"]))).status_code == 401
    audit = (await client.get("/api/v1/admin/audit", headers=admin)).json()
    assert audit[0]["action"] == "token.revoke" and audit[0]["subject"] == "vorstand"


async def test_token_input_is_checked(client, neudorf):
    vorstand = await login(client, "vorstand")
    for body in ({"name": ""}, {"name": "x", "days": 0}, {"name": "x", "days": 100000}):
        assert (await client.post("/api/v1/auth/tokens", json=body, headers=vorstand)).status_code == 422
