"""TOTP for agents: enrol, confirm, log in with a code, disable with password and code."""

from __future__ import annotations

import time

import pyotp
from sqlalchemy import select

from services.tickets.directory.demo import demo_password
from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.tests.service.conftest import PROBLEM, login


def _wrong(secret: str) -> str:
    """A code that no accepted step (previous, current, next) produces."""
    totp, now = pyotp.TOTP(secret), time.time()
    accepted = {totp.at(now + delta) for delta in (-60, -30, 0, 30, 60)}
    return next(c for c in ("111111", "222222", "333333", "444444", "555555", "666666") if c not in accepted)


def _three_codes(secret: str) -> list[str]:
    """Codes of the previous, the current and the next step, away from a step's end so that all
    three stay accepted for the next few seconds; each is accepted once."""
    if time.time() % 30 > 24:
        time.sleep(30 - time.time() % 30 + 0.5)
    totp, now = pyotp.TOTP(secret), time.time()
    return [totp.at(now + delta) for delta in (-30, 0, 30)]


async def _login(client, otp: str | None = None):
    body = {"login": "vorstand", "password": demo_password("vorstand")}
    return await client.post("/api/v1/auth/login", json=body | ({"otp": otp} if otp else {}))


async def test_enrolled_agent_needs_the_code_at_login_and_can_disable_it(client, database, neudorf):
    vorstand = await login(client, "vorstand")
    enrolled = await client.post("/api/v1/auth/totp", headers=vorstand)
    assert enrolled.status_code == 201, enrolled.text
    secret = enrolled.json()["secret"]
    assert enrolled.json()["uri"].startswith("otpauth://totp/Umlauf:vorstand?secret=" + secret)
    async with database.sessions() as session:
        stored = (await session.execute(select(identity_tables.agent_totp.c.secret))).scalar_one()
    assert secret not in stored  # sealed at rest

    assert (await _login(client)).status_code == 200  # not yet confirmed: no second factor
    wrong = await client.post("/api/v1/auth/totp/confirm", json={"code": _wrong(secret)}, headers=vorstand)
    assert wrong.status_code == 422
    earlier, code, later = _three_codes(secret)
    assert (await client.post("/api/v1/auth/totp/confirm", json={"code": earlier}, headers=vorstand)).status_code == 204
    assert (await client.post("/api/v1/auth/totp", headers=vorstand)).status_code == 409

    required = await _login(client)
    assert required.status_code == 401 and required.headers["content-type"] == PROBLEM
    assert required.json()["detail"] == "second factor required"
    bad = _wrong(secret)
    assert (await _login(client, bad)).json()["detail"] == "wrong second factor"
    assert (await _login(client, code)).status_code == 200

    body = {"password": "falsch-falsch", "code": later}
    assert (await client.post("/api/v1/auth/totp/disable", json=body, headers=vorstand)).status_code == 403
    body = {"password": demo_password("vorstand"), "code": bad}
    assert (await client.post("/api/v1/auth/totp/disable", json=body, headers=vorstand)).status_code == 403
    body["code"] = later
    assert (await client.post("/api/v1/auth/totp/disable", json=body, headers=vorstand)).status_code == 204
    assert (await _login(client)).status_code == 200


async def test_wrong_codes_count_as_failed_logins(client, neudorf):
    vorstand = await login(client, "vorstand")
    secret = (await client.post("/api/v1/auth/totp", headers=vorstand)).json()["secret"]
    code = pyotp.TOTP(secret).now()
    await client.post("/api/v1/auth/totp/confirm", json={"code": code}, headers=vorstand)
    bad = _wrong(secret)
    for _ in range(5):
        assert (await _login(client, bad)).status_code == 401
    assert (await _login(client, pyotp.TOTP(secret).now())).status_code == 429


async def test_confirm_without_enrolment_is_a_conflict(client, neudorf):
    vorstand = await login(client, "vorstand")
    assert (
        await client.post("/api/v1/auth/totp/confirm", json={"code": "123456"}, headers=vorstand)
    ).status_code == 409
    assert (await client.post("/api/v1/auth/totp/confirm", json={"code": "abc"}, headers=vorstand)).status_code == 422


async def test_a_code_is_accepted_only_once(client, neudorf):
    """A code seen over someone's shoulder (or phished) is worthless once its owner used it."""
    vorstand = await login(client, "vorstand")
    secret = (await client.post("/api/v1/auth/totp", headers=vorstand)).json()["secret"]
    earlier, code, later = _three_codes(secret)
    assert (await client.post("/api/v1/auth/totp/confirm", json={"code": code}, headers=vorstand)).status_code == 204
    for used in (code, earlier):  # the confirming code again, and one of an earlier step
        replay = await _login(client, used)
        assert replay.status_code == 401 and replay.json()["detail"] == "wrong second factor"
    assert (await _login(client, later)).status_code == 200
    assert (await _login(client, later)).status_code == 401
    body = {"password": demo_password("vorstand"), "code": later}
    assert (await client.post("/api/v1/auth/totp/disable", json=body, headers=vorstand)).status_code == 403
