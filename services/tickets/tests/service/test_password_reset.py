"""Password reset by mail: always 202, a single-use expiring code, sessions end, throttled per account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from services.tickets.directory.demo import demo_password
from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.tests.service.conftest import login, outbox_events

RESET = "/api/v1/auth/password-reset"


async def _reset_mails(database) -> list[dict]:
    return [e.data for e in await outbox_events(database) if e.type == "identity.mail.requested"]


def _code(mail: dict) -> str:
    return next(line.strip() for line in mail["mail"]["body_text"].splitlines() if line.startswith("    "))


async def test_an_agent_resets_the_password_with_the_code_from_the_mail(client, database, neudorf):
    old_session = await login(client, "vorstand")
    assert (await client.post(RESET, json={"login": "vorstand"})).status_code == 202
    [requested] = await _reset_mails(database)
    assert requested["purpose"] == "password_reset"
    assert requested["mail"]["to"] == ["vorstand@mitglieder.neudorf.example"]
    assert requested["mail"]["auto_submitted"] == "auto-generated"
    code = _code(requested)

    too_short = await client.post(f"{RESET}/confirm", json={"token": code, "new_password": "kurz"})
    assert too_short.status_code == 422
    the_login = await client.post(f"{RESET}/confirm", json={"token": code, "new_password": "  VORSTAND "})
    assert the_login.status_code == 422
    done = await client.post(f"{RESET}/confirm", json={"token": code, "new_password": "ein-neues-kennwort"})
    assert done.status_code == 204, done.text
    again = await client.post(f"{RESET}/confirm", json={"token": code, "new_password": "noch-ein-kennwort"})
    assert again.status_code == 422

    assert (await client.get("/api/v1/auth/me", headers=old_session)).status_code == 401
    old = {"login": "vorstand", "password": demo_password("vorstand")}
    assert (await client.post("/api/v1/auth/login", json=old)).status_code == 401
    new = {"login": "vorstand", "password": "ein-neues-kennwort"}
    assert (await client.post("/api/v1/auth/login", json=new)).status_code == 200


async def test_unknown_accounts_answer_the_same_and_get_no_mail(client, database, neudorf):
    for unknown in ("niemand", "niemand@example.org"):
        response = await client.post(RESET, json={"login": unknown})
        known = await client.post(RESET, json={"login": "empfang"})
        assert response.status_code == known.status_code == 202 and response.json() == known.json()
    assert [m["mail"]["to"] for m in await _reset_mails(database)] == [["empfang@mitglieder.neudorf.example"]] * 2


async def test_requests_are_throttled_per_account(client, database, neudorf):
    for _ in range(5):
        assert (await client.post(RESET, json={"login": "vorstand@mitglieder.neudorf.example"})).status_code == 202
    assert (await client.post(RESET, json={"login": "empfang"})).status_code == 202
    recipients = [m["mail"]["to"][0] for m in await _reset_mails(database)]
    assert recipients.count("vorstand@mitglieder.neudorf.example") == 3
    assert len(recipients) == 4


async def test_an_expired_code_does_not_work(client, database, neudorf):
    await client.post(RESET, json={"login": "vorstand"})
    [requested] = await _reset_mails(database)
    async with database.sessions() as session:
        await session.execute(
            update(identity_tables.password_resets).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()
    body = {"token": _code(requested), "new_password": "ein-neues-kennwort"}
    assert (await client.post(f"{RESET}/confirm", json=body)).status_code == 422


async def test_a_customer_resets_the_portal_password(client, database, neudorf):
    portal = "/api/v1/customer/auth/login"
    session = await client.post(portal, json={"login": "spender", "password": demo_password("spender")})
    assert session.status_code == 200
    assert (await client.post(RESET, json={"login": "spender"})).status_code == 202
    [requested] = await _reset_mails(database)
    body = {"token": _code(requested), "new_password": "portal-kennwort-neu"}
    assert (await client.post(f"{RESET}/confirm", json=body)).status_code == 204
    me = await client.get("/api/v1/customer/auth/me", headers={"Authorization": f"Bearer {session.json()['token']}"})
    assert me.status_code == 401
    assert (await client.post(portal, json={"login": "spender", "password": "portal-kennwort-neu"})).status_code == 200
