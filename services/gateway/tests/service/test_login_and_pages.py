"""Login, the agent's pages and logout, through the gateway in front of the real tickets service."""

import re

from sqlalchemy import select

from services.gateway.adapters.orm import sessions as sessions_table
from services.gateway.tests.system import RECEIPT, form_token, log_in


def _queue_names(html: str) -> list[str]:
    return re.findall(r'data-queue="([^"]+)"', html)


def _queue_id(html: str, name: str) -> int:
    found = re.search(rf'href="/queues/(\d+)" title="{re.escape(name)}"', html)
    assert found, name
    return int(found.group(1))


async def _number(system, login: str, queue: str) -> str:
    token = await system.api_token(login)
    page = await system.tickets_http.get(
        "/api/v1/tickets", params={"queue": queue}, headers={"Authorization": f"Bearer {token}"}
    )
    return page.json()["items"][0]["number"]


async def test_admin_logs_in_and_sees_the_queue_tree_with_counts(system):
    async with system.browser() as browser:
        response = await log_in(browser, "admin")
        assert response.status_code == 303 and response.headers["location"] == "/queues"
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("umlauf_session=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
        page = await browser.get("/queues")
    assert page.status_code == 200
    names = _queue_names(page.text)
    assert {"Allgemein", "Vorstand", "Vorstand::Schatzmeister", "Öffentlichkeitsarbeit::Presse"} <= set(names)
    # Schatzmeister is nested under Vorstand and labelled by its own name.
    nested = r'title="Vorstand::Schatzmeister" data-queue="[^"]+">\s*<span class="queue-name">Schatzmeister<'
    assert re.search(nested, page.text)
    assert re.search(
        r'data-queue="Allgemein">\s*<span class="queue-name">Allgemein</span>\s*'
        r'<span class="count new"[^>]*>1</span>',
        page.text,
    )
    assert "Abmelden" in page.text  # the demo agents speak German
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in page.headers  # plain http: HSTS would be ignored anyway


async def test_the_cookie_is_secure_over_https_and_holds_no_tickets_token(system):
    async with system.browser("https://gateway.test") as browser:
        response = await log_in(browser, "admin")
        assert "Secure" in response.headers["set-cookie"]
        assert response.headers["strict-transport-security"].startswith("max-age=")
        cookie_value = browser.cookies["umlauf_session"]
    async with system.gateway.database.engine.connect() as conn:
        row = (await conn.execute(select(sessions_table))).one()
    assert cookie_value not in (row.key, row.tickets_token)
    assert row.agent_login == "admin"


async def test_bookkeeper_sees_schatzmeister_but_nothing_of_vorstand(system):
    async with system.browser() as admin:
        await log_in(admin, "admin")
        vorstand_id = _queue_id((await admin.get("/queues")).text, "Vorstand")
    secret_number = await _number(system, "admin", "Vorstand")
    own_number = await _number(system, "admin", "Vorstand::Schatzmeister")

    async with system.browser() as browser:
        await log_in(browser, "buchhaltung")
        page = await browser.get("/queues")
        assert _queue_names(page.text) == ["Vorstand::Schatzmeister"]
        assert re.search(r'<span class="queue-name">Vorstand::Schatzmeister</span>', page.text)

        queue = await browser.get(f"/queues/{_queue_id(page.text, 'Vorstand::Schatzmeister')}")
        assert own_number in queue.text and "Spendenquittung bitte" in queue.text

        for hidden in (f"/queues/{vorstand_id}", f"/tickets/{secret_number}", f"/tickets/{secret_number}/history"):
            response = await browser.get(hidden)
            assert response.status_code == 404, hidden
            assert "Vertraulich" not in response.text and "Nicht gefunden" in response.text


async def test_ticket_zoom_shows_articles_html_in_a_sandbox_and_attachments(system):
    number = await _number(system, "admin", "Vorstand::Schatzmeister")
    async with system.browser() as browser:
        await log_in(browser, "buchhaltung")
        page = await browser.get(f"/tickets/{number}")
        assert page.status_code == 200
        assert "Spendenquittung bitte" in page.text and "spender@example.org" in page.text
        assert "An: kasse@neudorf.example" in page.text
        iframe = re.search(r'<iframe class="mail-html" sandbox="" [^>]*srcdoc="([^"]*)"', page.text)
        assert iframe, "the HTML body is shown in a sandboxed iframe"
        srcdoc = iframe.group(1)
        assert "Spendenquittung" in srcdoc and "tracker.example" not in srcdoc and "alert" not in srcdoc
        assert "default-src &#39;none&#39;" in srcdoc or "default-src 'none'" in srcdoc

        link = re.search(r'href="(/tickets/\d+/attachments/\d+)"[^>]*>quittung.pdf', page.text)
        assert link
        download = await browser.get(link.group(1))
        assert download.status_code == 200 and download.content == RECEIPT
        assert download.headers["content-disposition"].startswith("attachment")
        assert download.headers["content-security-policy"].startswith("sandbox")

        history = await browser.get(f"/tickets/{number}/history")
        assert history.status_code == 200 and '<table class="history">' in history.text


async def test_wrong_password_shows_the_form_again_without_a_session(system):
    async with system.browser() as browser:
        response = await log_in(browser, "admin", "wrong")
        assert response.status_code == 401
        assert "Benutzername oder Passwort ist falsch" in response.text
        assert "umlauf_session" not in browser.cookies
        assert (await browser.get("/queues")).headers["location"].startswith("/login")


async def test_login_page_follows_the_browser_language(system):
    async with system.browser(**{"Accept-Language": "en-GB,en;q=0.9"}) as browser:
        assert "<h1>Log in</h1>" in (await browser.get("/login")).text
    async with system.browser(**{"Accept-Language": "fr"}) as browser:
        assert "<h1>Anmelden</h1>" in (await browser.get("/login")).text  # the configured default


async def test_a_page_asked_for_before_login_is_shown_after_it(system):
    number = await _number(system, "admin", "Allgemein")
    async with system.browser() as browser:
        first = await browser.get(f"/tickets/{number}")
        assert first.status_code == 303 and first.headers["location"] == f"/login?next=%2Ftickets%2F{number}"
        page = await browser.get(first.headers["location"])
        response = await browser.post(
            "/login",
            data={
                "login": "admin",
                "password": "neudorf-admin",
                "csrf_token": form_token(page.text),
                "next": f"/tickets/{number}",
            },
            headers={"Origin": "http://gateway.test"},
        )
        assert response.headers["location"] == f"/tickets/{number}"


async def test_logout_ends_the_session_here_and_in_tickets(system):
    async with system.browser() as browser:
        await log_in(browser, "admin")
        async with system.gateway.database.engine.connect() as conn:
            tickets_token = (await conn.execute(select(sessions_table.c.tickets_token))).scalar_one()
        page = await browser.get("/queues")
        cookie = browser.cookies["umlauf_session"]
        response = await browser.post(
            "/logout", data={"csrf_token": form_token(page.text)}, headers={"Origin": "http://gateway.test"}
        )
        assert response.status_code == 303 and response.headers["location"] == "/login"
    async with system.browser() as replay:
        replay.cookies.set("umlauf_session", cookie)
        assert (await replay.get("/queues")).status_code == 303
    me = await system.tickets_http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {tickets_token}"})
    assert me.status_code == 401


async def test_a_session_ends_when_tickets_no_longer_accepts_its_token(system):
    async with system.browser() as browser:
        await log_in(browser, "admin")
        async with system.gateway.database.engine.connect() as conn:
            tickets_token = (await conn.execute(select(sessions_table.c.tickets_token))).scalar_one()
        await system.tickets_http.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {tickets_token}"})
        response = await browser.get("/queues")
        assert response.status_code == 303 and response.headers["location"] == "/login"
    async with system.gateway.database.engine.connect() as conn:
        assert (await conn.execute(select(sessions_table))).first() is None


async def test_unknown_page_is_a_404_page(system):
    async with system.browser() as browser:
        response = await browser.get("/no/such/page")
    assert response.status_code == 404 and "Nicht gefunden" in response.text and "Traceback" not in response.text


async def test_logging_in_again_replaces_the_session(system):
    async with system.browser() as browser:
        await log_in(browser, "admin")
        first = browser.cookies["umlauf_session"]
        page = await browser.get("/login")  # a logged-in agent is sent on
        assert page.status_code == 303 and page.headers["location"] == "/queues"
        domain = next(c.domain for c in browser.cookies.jar if c.name == "umlauf_session")
        browser.cookies.delete("umlauf_session")
        login_page = await browser.get("/login")  # as in a tab opened before the first login
        browser.cookies.set("umlauf_session", first, domain=domain)
        response = await browser.post(
            "/login",
            data={"login": "empfang", "password": "neudorf-empfang", "csrf_token": form_token(login_page.text)},
            headers={"Origin": "http://gateway.test"},
        )
        assert response.status_code == 303 and browser.cookies["umlauf_session"] != first
    async with system.gateway.database.engine.connect() as conn:
        assert (await conn.execute(select(sessions_table.c.agent_login))).scalars().all() == ["empfang"]
