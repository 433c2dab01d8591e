"""Every state-changing form is refused without its token or from a foreign origin (403, nothing changes)."""

import re

import pytest
from sqlalchemy import func, select

from services.gateway.adapters.orm import sessions as sessions_table
from services.gateway.tests.system import form_token, log_in, portal_log_in

SITE = "http://gateway.test"
CREDENTIALS = {"login": "admin", "password": "neudorf-admin"}


async def _session_rows(system) -> int:
    async with system.gateway.database.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(sessions_table))).scalar_one()


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        pytest.param("missing", {"Origin": SITE}, id="no token"),
        pytest.param("wrong", {"Origin": SITE}, id="wrong token"),
        pytest.param("cookie value itself", {"Origin": SITE}, id="raw cookie as token"),
        pytest.param("valid", {"Origin": "http://evil.example"}, id="foreign origin"),
        pytest.param("valid", {"Origin": "null"}, id="opaque origin"),
        pytest.param("valid", {"Referer": "http://evil.example/login"}, id="foreign referer"),
        pytest.param("valid", {}, id="neither origin nor referer"),
    ],
)
async def test_login_form_is_refused(system, token, headers):
    async with system.browser() as browser:
        page = await browser.get("/login")
        value = {
            "missing": None,
            "wrong": "0" * 64,
            "cookie value itself": browser.cookies["umlauf_login_csrf"],
            "valid": form_token(page.text),
        }[token]
        data = dict(CREDENTIALS, **({"csrf_token": value} if value else {}))
        response = await browser.post("/login", data=data, headers=headers)
        assert response.status_code == 403
        assert "Dieses Formular konnte nicht angenommen werden" in response.text
        assert "umlauf_session" not in browser.cookies
    assert await _session_rows(system) == 0


async def test_login_token_of_another_browser_does_not_fit(system):
    async with system.browser() as attacker:
        stolen = form_token((await attacker.get("/login")).text)
    async with system.browser() as victim:
        await victim.get("/login")  # the victim has a pre-session cookie of its own
        response = await victim.post("/login", data=dict(CREDENTIALS, csrf_token=stolen), headers={"Origin": SITE})
    assert response.status_code == 403


async def test_login_with_same_site_referer_and_no_origin_is_accepted(system):
    async with system.browser() as browser:
        page = await browser.get("/login")
        response = await browser.post(
            "/login", data=dict(CREDENTIALS, csrf_token=form_token(page.text)), headers={"Referer": f"{SITE}/login"}
        )
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        pytest.param(None, {"Origin": SITE}, id="no token"),
        pytest.param("login token", {"Origin": SITE}, id="pre-session token"),
        pytest.param("valid", {"Origin": "http://evil.example"}, id="foreign origin"),
        pytest.param("valid", {}, id="neither origin nor referer"),
    ],
)
async def test_logout_form_is_refused_and_the_session_lives_on(system, token, headers):
    async with system.browser() as browser:
        login_page = await browser.get("/login")
        await browser.post(
            "/login", data=dict(CREDENTIALS, csrf_token=form_token(login_page.text)), headers={"Origin": SITE}
        )
        page = await browser.get("/queues")
        value = {None: None, "login token": form_token(login_page.text), "valid": form_token(page.text)}[token]
        response = await browser.post("/logout", data={"csrf_token": value} if value else {}, headers=headers)
        assert response.status_code == 403
        assert (await browser.get("/queues")).status_code == 200
    assert await _session_rows(system) == 1


async def test_each_session_has_its_own_form_token(system):
    async with system.browser() as first, system.browser() as second:
        await log_in(first, "admin")
        await log_in(second, "admin")
        first_token = form_token((await first.get("/queues")).text)
        response = await second.post("/logout", data={"csrf_token": first_token}, headers={"Origin": SITE})
        assert response.status_code == 403


def _state_changing_ui_routes(app) -> list[tuple[str, str]]:
    """Every non-API route that changes state, read from the app itself: a new form is covered at once."""
    routes = []
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api/"):
            continue  # bearer-only, no cookies: nothing for a foreign site to ride on
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        routes += [(m.upper(), concrete) for m in sorted(operations) if m not in ("get", "head", "options")]
    return routes


async def test_every_state_changing_ui_route_refuses_forged_requests(system):
    routes = _state_changing_ui_routes(system.gateway.app)
    assert ("POST", "/login") in routes and ("POST", "/logout") in routes
    actions = ["notes", "reply", "move", "lock", "unlock", "owner", "responsible", "state", "priority"]
    actions += ["split", "merge", "watch", "unwatch", "link", "forward", "tags", "untag"]
    assert {("POST", f"/tickets/1/{action}") for action in actions} | {("POST", "/phone-ticket")} <= set(routes)
    portal = {"/portal/login", "/portal/logout", "/portal/new", "/portal/tickets/1/answer"}
    assert {("POST", path) for path in portal} <= set(routes)
    resets = {f"{prefix}/password-reset{step}" for prefix in ("", "/portal") for step in ("", "/confirm")}
    assert {("POST", path) for path in resets} <= set(routes)
    editable = ("agents", "roles", "queues", "addresses", "customers", "companies", "accounts", "filters")
    admin = {f"/admin/{kind}{key}" for kind in editable for key in ("", "/1")}
    admin |= {"/admin/groups", "/admin/settings", "/admin/queues/1/auto-responses"}
    assert {("POST", path) for path in admin} <= set(routes)
    async with system.browser() as browser:
        # Both kinds of session in one browser (two cookies), so each form meets a logged-in user.
        await log_in(browser, "admin")
        await portal_log_in(browser, "spender")
        for method, path in routes:
            home = "/portal" if path.startswith("/portal") else "/queues"
            for headers, data in [({"Origin": SITE}, {}), ({"Origin": "http://evil.example"}, None)]:
                if data is None:  # a valid token, but the request comes from another site
                    data = {"csrf_token": form_token((await browser.get(home)).text)}
                response = await browser.request(method, path, data=data, headers=headers)
                assert response.status_code == 403, (method, path, headers)
        assert (await browser.get("/queues")).status_code == 200  # still logged in: nothing happened
        assert (await browser.get("/portal")).status_code == 200
