"""The login form asks for the TOTP code when tickets says the agent has a second factor."""

import re
import time

import pyotp

from services.gateway.tests.system import form_token, log_in

ORIGIN = {"Origin": "http://gateway.test"}


async def _enrol(system, login: str) -> str:
    """Turn TOTP on for ``login`` through the tickets API, as the agent would; returns the secret."""
    session = await system.tickets_http.post(
        "/api/v1/auth/login", json={"login": login, "password": f"neudorf-{login}"}
    )
    auth = {"Authorization": f"Bearer {session.json()['token']}"}
    secret = (await system.tickets_http.post("/api/v1/auth/totp", headers=auth)).json()["secret"]
    confirmed = await system.tickets_http.post(
        "/api/v1/auth/totp/confirm", json={"code": pyotp.TOTP(secret).now()}, headers=auth
    )
    assert confirmed.status_code == 204, confirmed.text
    return secret


def _wrong(secret: str) -> str:
    totp, now = pyotp.TOTP(secret), time.time()
    accepted = {totp.at(now + delta) for delta in (-60, -30, 0, 30, 60)}
    return next(c for c in ("111111", "222222", "333333", "444444") if c not in accepted)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'type="hidden" name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


async def test_an_agent_with_totp_gets_the_code_form_and_in_with_the_right_code(system):
    secret = await _enrol(system, "vorstand")
    async with system.browser(**{"Accept-Language": "de"}) as browser:
        asked = await log_in(browser, "vorstand")
        assert asked.status_code == 401
        assert 'name="otp"' in asked.text and "Authenticator-App" in asked.text
        assert _hidden(asked.text, "login") == "vorstand"
        assert "umlauf_session" not in browser.cookies
        assert all("neudorf-vorstand" not in value for value in browser.cookies.values())  # never in a cookie

        def code_form(page, code: str) -> dict[str, str]:
            fields = ("login", "password", "next")
            return {f: _hidden(page.text, f) for f in fields} | {"csrf_token": form_token(page.text), "otp": code}

        wrong = await browser.post("/login", data=code_form(asked, _wrong(secret)), headers=ORIGIN)
        assert wrong.status_code == 401 and "Der Code ist falsch" in wrong.text and 'name="otp"' in wrong.text
        assert "umlauf_session" not in browser.cookies

        # A code counts once: the enrolment used this step's, the next step's is still accepted.
        later = pyotp.TOTP(secret).at(time.time() + 30)
        right = await browser.post("/login", data=code_form(wrong, later), headers=ORIGIN)
        assert right.status_code == 303 and right.headers["location"] == "/queues"
        assert (await browser.get("/queues")).status_code == 200


async def test_a_wrong_password_never_reaches_the_code_form(system):
    await _enrol(system, "vorstand")
    async with system.browser() as browser:
        wrong = await log_in(browser, "vorstand", "falsch")
    assert wrong.status_code == 401 and 'name="otp"' not in wrong.text
