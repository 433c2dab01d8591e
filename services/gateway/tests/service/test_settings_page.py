"""The agent's settings page against the real tickets service: password change and API tokens."""

import html
import re
import time

import pyotp

from services.gateway.tests.system import form_token, log_in

ORIGIN = {"Origin": "http://gateway.test"}
API_ME = "/api/v1/auth/me"


async def _post(browser, path: str, data: dict[str, str]):
    page = await browser.get("/settings")
    return await browser.post(path, data=data | {"csrf_token": form_token(page.text)}, headers=ORIGIN)


async def test_an_agent_creates_uses_and_revokes_an_api_token(system):
    async with system.browser() as browser:
        await log_in(browser, "vorstand")
        page = await browser.get("/settings")
        assert page.status_code == 200 and "API-Tokens" in page.text
        refused = await _post(browser, "/settings/tokens", {"name": "Monitoring", "days": "0"})
        assert refused.status_code == 422
        created = await _post(browser, "/settings/tokens", {"name": "Monitoring", "days": "30"})
        assert created.status_code == 201
        token = re.search(r"<code data-token>([^<]+)</code>", created.text).group(1)
        assert (await browser.get(API_ME, headers={"Authorization": f"Bearer {token}"})).status_code == 200
        listed = await browser.get("/settings")
        assert "Monitoring" in listed.text and token not in listed.text  # shown once only
        token_id = re.search(r'data-token-id="(\d+)"', listed.text).group(1)
        revoked = await _post(browser, f"/settings/tokens/{token_id}/revoke", {})
        assert revoked.status_code == 303
        assert (await browser.get(API_ME, headers={"Authorization": f"Bearer {token}"})).status_code == 401
        assert "Monitoring" not in (await browser.get("/settings")).text


async def test_an_agent_changes_the_password_only_with_the_current_one(system):
    new = {"new_password": "ein-neues-kennwort", "new_password_again": "ein-neues-kennwort"}
    async with system.browser() as browser:
        await log_in(browser, "vorstand")
        wrong = await _post(browser, "/settings/password", {"current_password": "falsch"} | new)
        assert wrong.status_code == 403 and "Das aktuelle Passwort ist falsch" in wrong.text
        mismatch = await _post(
            browser, "/settings/password", {"current_password": "neudorf-vorstand"} | new | {"new_password_again": "x"}
        )
        assert mismatch.status_code == 422
        done = await _post(browser, "/settings/password", {"current_password": "neudorf-vorstand"} | new)
        assert done.status_code == 200 and "Ihr Passwort wurde geändert" in done.text
    async with system.browser() as other:
        assert (await log_in(other, "vorstand")).status_code == 401
        assert (await log_in(other, "vorstand", "ein-neues-kennwort")).status_code == 303


async def test_an_agent_turns_the_second_factor_on_and_off(system):
    async with system.browser() as browser:
        await log_in(browser, "vorstand")
        enrolled = await _post(browser, "/settings/totp", {})
        assert enrolled.status_code == 200
        uri = html.unescape(re.search(r"<code data-otpauth>([^<]+)</code>", enrolled.text).group(1))
        assert uri.startswith("otpauth://totp/")
        totp = pyotp.parse_uri(uri)
        on = await _post(browser, "/settings/totp/confirm", {"code": totp.now()})
        assert on.status_code == 200 and "Der zweite Faktor ist eingeschaltet" in on.text
        assert (await _post(browser, "/settings/totp", {})).status_code == 409
        async with system.browser() as other:
            assert 'name="otp"' in (await log_in(other, "vorstand")).text  # the login now asks for the code
        # A code counts once: the confirmation used this step's, so the next step's (still accepted) turns it off.
        later = totp.at(time.time() + 30)
        refused = await _post(browser, "/settings/totp/disable", {"password": "falsch", "code": later})
        assert refused.status_code == 403
        off = await _post(browser, "/settings/totp/disable", {"password": "neudorf-vorstand", "code": later})
        assert off.status_code == 200 and "ausgeschaltet" in off.text
    async with system.browser() as other:
        assert (await log_in(other, "vorstand")).status_code == 303
