"""The customer portal in front of the real tickets service: login, own tickets, visible articles only,
answering and opening tickets, and the wall between customer and agent sessions."""

from __future__ import annotations

import re

import httpx

from services.gateway.tests.system import form_token, log_in, portal_log_in

SPENDER_TICKET = "Basketballkorb zu verschenken"


def origin(client: httpx.AsyncClient) -> dict[str, str]:
    return {"Origin": str(client.base_url).rstrip("/")}


async def _spender_ticket(client: httpx.AsyncClient) -> str:
    page = await client.get("/portal")
    assert page.status_code == 200 and SPENDER_TICKET in page.text
    found = re.search(rf'href="/portal/tickets/(\d+)">{SPENDER_TICKET}', page.text)
    assert found
    return found.group(1)


async def test_a_customer_sees_his_tickets_and_only_the_articles_meant_for_him(system) -> None:
    token = await system.api_token("admin")
    api = {"Authorization": f"Bearer {token}"}
    async with system.browser() as customer:
        response = await portal_log_in(customer, "spender")
        assert response.status_code == 303 and response.headers["location"] == "/portal"
        number = await _spender_ticket(customer)
        await system.tickets_http.post(
            f"/api/v1/tickets/{number}/notes", json={"body_text": "Intern: Korb ist rostig"}, headers=api
        )
        reply = await system.tickets_http.post(
            f"/api/v1/tickets/{number}/notes",
            json={"body_text": "Vielen Dank für Ihre Spende!", "visible_for_customer": True},
            headers=api,
        )
        assert reply.status_code in (200, 201), reply.text
        page = await customer.get(f"/portal/tickets/{number}")
        assert page.status_code == 200
        assert "Vielen Dank für Ihre Spende!" in page.text and "Wir spenden einen Korb." in page.text
        assert "rostig" not in page.text

        page = await customer.get(f"/portal/tickets/{number}")
        answered = await customer.post(
            f"/portal/tickets/{number}/answer",
            data={"body_text": "Der Korb ist 3 m hoch.", "csrf_token": form_token(page.text)},
            files={"attachments": ("masse.txt", b"3 m", "text/plain")},
            headers=origin(customer),
        )
        assert answered.status_code == 303, answered.text
        page = await customer.get(f"/portal/tickets/{number}")
        assert "Der Korb ist 3 m hoch." in page.text and "masse.txt" in page.text
        link = page.text.index("/attachments/", page.text.index("masse.txt") - 200)
        href = page.text[page.text.rindex('"', 0, link) + 1 : page.text.index('"', link)]
        download = await customer.get(href)
        assert download.content == b"3 m" and download.headers["content-disposition"].startswith("attachment")
    ticket = (await system.tickets_http.get(f"/api/v1/tickets/{number}", headers=api)).json()
    assert ticket["articles"][-1]["body_text"] == "Der Korb ist 3 m hoch."


async def test_a_customer_opens_a_ticket_and_another_customer_cannot_see_it(system) -> None:
    async with system.browser() as spender, system.browser() as baeckerei:
        await portal_log_in(spender, "spender")
        page = await spender.get("/portal/new")
        empty = await spender.post(
            "/portal/new",
            data={"title": "", "body_text": "", "csrf_token": form_token(page.text)},
            headers=origin(spender),
        )
        assert empty.status_code == 422 and "Titel" in empty.text
        created = await spender.post(
            "/portal/new",
            data={"title": "Zweiter Korb", "body_text": "Noch einer.", "csrf_token": form_token(page.text)},
            headers=origin(spender),
        )
        assert created.status_code == 303
        path = created.headers["location"]
        assert "Zweiter Korb" in (await spender.get(path)).text

        await portal_log_in(baeckerei, "baeckerei")
        assert (await baeckerei.get(path)).status_code == 404
        assert "Zweiter Korb" not in (await baeckerei.get("/portal")).text
        assert (await baeckerei.get(f"{path}/attachments/1")).status_code == 404


async def test_customer_and_agent_sessions_never_cross(system) -> None:
    async with system.browser() as customer:
        await portal_log_in(customer, "spender")
        portal_cookie = customer.cookies["umlauf_portal"]
        assert "umlauf_session" not in customer.cookies
        refused = await customer.get("/queues")
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
        # The same id presented as an agent cookie is no agent session either.
        customer.cookies.set("umlauf_session", portal_cookie)
        assert (await customer.get("/queues")).status_code == 303
        assert (await customer.get("/tickets/1")).status_code == 303
    async with system.browser() as agent:
        await log_in(agent, "admin")
        agent_cookie = agent.cookies["umlauf_session"]
        refused = await agent.get("/portal")
        assert refused.status_code == 303 and refused.headers["location"] == "/portal/login"
        agent.cookies.set("umlauf_portal", agent_cookie)
        assert (await agent.get("/portal")).status_code == 303
        # An agent cannot log in to the portal, nor a customer to the agent UI.
        assert (await portal_log_in(agent, "admin")).status_code == 401
    async with system.browser() as customer:
        assert (await log_in(customer, "spender")).status_code == 401


async def test_portal_login_sends_only_to_portal_pages_and_logout_ends_the_session(system) -> None:
    async with system.browser() as customer:
        page = await customer.get("/portal/login?next=/queues")
        response = await customer.post(
            "/portal/login",
            data={
                "login": "spender",
                "password": "neudorf-spender",
                "csrf_token": form_token(page.text),
                "next": "/queues",
            },
            headers=origin(customer),
        )
        assert response.headers["location"] == "/portal"
        page = await customer.get("/portal")
        assert "Sam Spender" in page.text
        out = await customer.post(
            "/portal/logout", data={"csrf_token": form_token(page.text)}, headers=origin(customer)
        )
        assert out.status_code == 303
        assert (await customer.get("/portal")).status_code == 303


async def test_portal_pages_are_in_english_when_the_browser_asks(system) -> None:
    async with system.browser(**{"Accept-Language": "en"}) as customer:
        await portal_log_in(customer, "spender")
        assert "My tickets" in (await customer.get("/portal")).text
    async with system.browser(**{"Accept-Language": "de"}) as customer:
        await portal_log_in(customer, "spender")
        assert "Meine Tickets" in (await customer.get("/portal")).text


async def test_the_portal_shows_customer_facing_state_names_never_internal_ones(system) -> None:
    api = {"Authorization": f"Bearer {await system.api_token('admin')}"}
    async with system.browser(**{"Accept-Language": "de"}) as customer:
        await portal_log_in(customer, "spender")
        number = await _spender_ticket(customer)
        pending = await system.tickets_http.post(
            f"/api/v1/tickets/{number}/state",
            json={"state": "pending reminder", "pending_until": "2030-12-24T10:00:00+00:00"},
            headers=api,
        )
        assert pending.status_code == 200, pending.text
        for page in (await customer.get("/portal"), await customer.get(f"/portal/tickets/{number}")):
            assert ">wartet auf Sie<" in page.text  # the state type stays only in a CSS class
            assert ">pending reminder<" not in page.text and "warten zur Erinnerung" not in page.text

        # The customer answers: the follow-up opens the ticket again (the queue's follow-up state).
        page = await customer.get(f"/portal/tickets/{number}")
        answered = await customer.post(
            f"/portal/tickets/{number}/answer",
            data={"body_text": "Ja, gerne.", "csrf_token": form_token(page.text)},
            headers=origin(customer),
        )
        assert answered.status_code == 303, answered.text
        page = await customer.get(f"/portal/tickets/{number}")
        assert re.search(r'class="state state-open">offen<', page.text)

        closed = await system.tickets_http.post(
            f"/api/v1/tickets/{number}/state", json={"state": "closed successful"}, headers=api
        )
        assert closed.status_code == 200, closed.text
        page = await customer.get(f"/portal/tickets/{number}")
        assert ">geschlossen<" in page.text and "erfolgreich" not in page.text
    async with system.browser(**{"Accept-Language": "en"}) as customer:
        await portal_log_in(customer, "spender")
        page = await customer.get(f"/portal/tickets/{number}")
        assert ">closed<" in page.text and "closed successful" not in page.text
