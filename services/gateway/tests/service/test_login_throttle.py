"""Failed logins per client address, counted in the gateway's database across agent, portal and API logins."""

import httpx
import pytest

from services.gateway.config import GatewayOptions
from services.gateway.tests.system import log_in, portal_log_in, start_system, tickets_settings

THROTTLED = "Zu viele fehlgeschlagene Versuche"


@pytest.fixture
async def strict(tmp_path, pg_url):
    """The real tickets service behind a gateway that blocks an address after three failures."""
    options = GatewayOptions(login_failure_limit=3, login_failure_window_minutes=15)
    running = await start_system(tickets_settings(tmp_path, pg_url), options=options)
    yield running
    await running.close()


def _from(system, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=system.gateway.app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway.test", headers={"Accept-Language": "de"})


async def test_an_address_with_too_many_failures_gets_429_everywhere_until_the_window_ends(strict):
    async with _from(strict, "203.0.113.7") as attacker, _from(strict, "198.51.100.1") as colleague:
        # Each guess at another login, so tickets' own per-account limit never answers for us.
        for guess in ("anna", "bert", "carl"):
            assert (await log_in(attacker, guess, "wrong")).status_code == 401
        blocked = await log_in(attacker, "admin")  # even the right password
        assert blocked.status_code == 429 and THROTTLED in blocked.text
        assert "umlauf_session" not in attacker.cookies
        portal = await portal_log_in(attacker, "spender")
        assert portal.status_code == 429 and THROTTLED in portal.text
        api = await attacker.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
        assert api.status_code == 429
        assert api.headers["content-type"] == "application/problem+json"
        assert 0 < int(api.headers["retry-after"]) <= 15 * 60
        # Another address is not affected.
        assert (await log_in(colleague, "admin")).status_code == 303


async def test_failed_api_and_portal_logins_count_towards_the_same_limit(strict):
    async with _from(strict, "203.0.113.8") as attacker:
        bad = await attacker.post("/api/v1/auth/login", json={"login": "dora", "password": "wrong"})
        assert bad.status_code == 401
        bad = await attacker.post("/api/v1/customer/auth/login", json={"login": "emil", "password": "wrong"})
        assert bad.status_code == 401
        assert (await portal_log_in(attacker, "fritz", "wrong")).status_code == 401
        assert (await log_in(attacker, "admin")).status_code == 429


async def test_successful_logins_neither_count_nor_reset_the_failures(strict):
    async with _from(strict, "203.0.113.9") as browser:
        for guess in ("gert", "hans"):
            assert (await log_in(browser, guess, "wrong")).status_code == 401
        for _ in range(3):
            ok = await browser.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
            assert ok.status_code == 200
        assert (await log_in(browser, "ines", "wrong")).status_code == 401
        assert (await log_in(browser, "admin")).status_code == 429


async def test_the_same_wrong_password_again_is_no_new_guess(strict):
    async with _from(strict, "203.0.113.10") as browser:
        # Four failures, more than the limit of three, but one attempt (tickets blocks the account at five).
        for _ in range(2):
            assert (await log_in(browser, "kai", "wrong")).status_code == 401
            api = await browser.post("/api/v1/auth/login", json={"login": "kai", "password": "wrong"})
            assert api.status_code == 401
        assert (await log_in(browser, "admin")).status_code == 303
