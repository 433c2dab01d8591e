"""Admin pages in front of the real tickets service (Neudorf demo): agents, groups, roles, queues and the
audit log. Tickets decides who is an administrator and validates; the gateway shows its refusals."""

from __future__ import annotations

import re

import httpx
import pytest

from services.gateway.config import GatewayOptions
from services.gateway.tests.system import form_token, log_in, start_system, tickets_settings

SITE = {"Origin": "http://gateway.test"}
PASSWORD = "Neues-Passwort-2026"


async def _post(client: httpx.AsyncClient, page: str, data: dict[str, str], path: str | None = None) -> httpx.Response:
    """The form on ``page``, posted to ``path`` (default: the page itself) with its CSRF token."""
    token = form_token((await client.get(page)).text)
    return await client.post(path or page, data={**data, "csrf_token": token}, headers=SITE)


@pytest.fixture
async def small_pages(tmp_path, pg_url):
    """The same system as ``system``, with two rows a page."""
    running = await start_system(tickets_settings(tmp_path, pg_url), options=GatewayOptions(page_size=2))
    yield running
    await running.close()


async def test_groups_and_a_role_with_its_permissions_per_group(system) -> None:
    async with system.browser() as admin:
        await log_in(admin, "admin")
        page = await admin.get("/admin/groups")
        assert page.status_code == 200 and "<li>schatzmeister</li>" in page.text
        assert (await _post(admin, "/admin/groups", {"name": "kampfrichter"})).status_code == 303
        assert "<li>kampfrichter</li>" in (await admin.get("/admin/groups")).text
        taken = await _post(admin, "/admin/groups", {"name": "kampfrichter"})
        assert taken.status_code == 409 and "Dieser Name ist schon vergeben" in taken.text
        bad = await _post(admin, "/admin/groups", {"name": "zwei Wörter"})
        assert bad.status_code == 422 and "Einige Angaben sind ungültig" in bad.text

        assert (await _post(admin, "/admin/roles", {"name": "Kampfgericht"})).status_code == 303
        grants = {"grant:kampfrichter:ro": "on", "grant:kampfrichter:note": "on", "grant:presse:move_into": "on"}
        saved = await _post(admin, "/admin/roles/Kampfgericht", grants)
        assert saved.status_code == 303 and saved.headers["location"] == "/admin/roles"
        listing = (await admin.get("/admin/roles")).text
        assert re.search(r"kampfrichter: (ro, note|note, ro)</div><div>presse: move_into", listing), listing
        edit = (await admin.get("/admin/roles/Kampfgericht")).text
        assert 'name="grant:kampfrichter:ro" aria-label="kampfrichter ro" checked' in edit
        assert 'name="grant:kampfrichter:rw" aria-label="kampfrichter rw">' in edit

        unknown = await _post(admin, "/admin/roles/Kampfgericht", {"grant:kampfrichter:admin": "on"})
        assert unknown.status_code == 422 and "Einige Angaben sind ungültig" in unknown.text
        assert (await admin.get("/admin/roles/Niemand")).status_code == 404


async def test_an_agent_created_with_a_role_sees_the_role_s_queues(system) -> None:
    agent = {"login": "kassenwart", "name": "Kurt Kassenwart", "email": "kurt@neudorf.example", "language": "de"}
    async with system.browser() as admin:
        await log_in(admin, "admin")
        page = await admin.get("/admin/agents")
        assert page.status_code == 200 and 'href="/admin/agents/buchhaltung"' in page.text
        no_password = await _post(admin, "/admin/agents", agent)
        assert no_password.status_code == 422 and "Geben Sie ein Passwort ein" in no_password.text
        assert 'value="Kurt Kassenwart"' in no_password.text  # the form keeps what was typed
        bad_mail = await _post(admin, "/admin/agents", {**agent, "email": "kein-mail", "password": PASSWORD})
        assert bad_mail.status_code == 422 and "email" in bad_mail.text
        created = await _post(admin, "/admin/agents", {**agent, "password": PASSWORD, "role:Buchhaltung": "on"})
        assert created.status_code == 303, created.text
        listing = (await admin.get("/admin/agents")).text
        row = re.search(r'href="/admin/agents/kassenwart">kassenwart</a></td>.*?</tr>', listing, re.S)
        assert row and "Kurt Kassenwart" in row.group(0) and "<td>Buchhaltung</td>" in row.group(0)
        edit = (await admin.get("/admin/agents/kassenwart")).text
        assert 'name="role:Buchhaltung" checked' in edit and 'name="role:Vorstand">' in edit
        assert (await admin.get("/admin/agents/niemand")).status_code == 404
    async with system.browser() as kassenwart:
        assert (await log_in(kassenwart, "kassenwart", PASSWORD)).status_code == 303
        queues = (await kassenwart.get("/queues")).text
        assert 'data-queue="Vorstand::Schatzmeister"' in queues and 'data-queue="Allgemein"' not in queues


async def test_a_sub_queue_is_created_under_its_parent(system) -> None:
    queue = {"parent": "Vorstand", "name": "Ehrenamt", "group": "vorstand", "follow_up_policy": "reject"}
    async with system.browser() as admin:
        await log_in(admin, "admin")
        page = (await admin.get("/admin/queues")).text
        assert '<option value="new_ticket">neues Ticket</option>' in page
        nested = await _post(admin, "/admin/queues", {**queue, "name": "Vorstand::Ehrenamt"})
        assert nested.status_code == 422 and "übergeordnete Queue" in nested.text
        minutes = await _post(admin, "/admin/queues", {**queue, "unlock_timeout_minutes": "bald"})
        assert minutes.status_code == 422 and "ganze Zahl" in minutes.text
        unknown_group = await _post(admin, "/admin/queues", {**queue, "group": "gibtsnicht"})
        assert unknown_group.status_code in (404, 422), unknown_group.text
        created = await _post(admin, "/admin/queues", {**queue, "unlock_timeout_minutes": "30"})
        assert created.status_code == 303, created.text
        page = (await admin.get("/admin/queues")).text
        found = re.search(r'href="/admin/queues/(\d+)">Vorstand::Ehrenamt</a>', page)
        assert found, page
        edit = (await admin.get(f"/admin/queues/{found.group(1)}")).text
        assert '<option value="Vorstand" selected>' in edit and 'value="Ehrenamt"' in edit
        assert '<option value="reject" selected>' in edit and 'value="30"' in edit


async def test_the_audit_log_pages_through_the_admin_changes(small_pages) -> None:
    async with small_pages.browser() as admin:
        await log_in(admin, "admin")
        for name in ("erste", "zweite", "dritte"):
            assert (await _post(admin, "/admin/groups", {"name": name})).status_code == 303
        first = (await admin.get("/admin/audit")).text
        assert first.count("<tr>") == 3  # the header and two changes
        assert "dritte" in first and "zweite" in first and "erste" not in first
        assert 'href="?page=2"' in first and 'rel="prev"' not in first
        second = (await admin.get("/admin/audit?page=2")).text
        assert "erste" in second and 'href="?page=1"' in second
        assert (await admin.get("/admin/audit?page=0")).status_code == 422


async def test_an_agent_is_edited_and_an_invalid_agent_cannot_log_in(system) -> None:
    edit = {"name": "Jana J.", "email": "jana@neudorf.example", "language": "en", "role:Jugend": "on"}
    async with system.browser() as admin:
        await log_in(admin, "admin")
        half = await _post(admin, "/admin/agents/jugend", {**edit, "valid": "on", "ooo_from": "2026-12-01"})
        assert half.status_code == 422 and "letzten Abwesenheitstag" in half.text
        away = {"ooo_from": "2026-12-01", "ooo_until": "2026-12-24", "ooo_note": "Skifreizeit"}
        saved = await _post(admin, "/admin/agents/jugend", {**edit, "valid": "on", **away, "role:Presse": "on"})
        assert saved.status_code == 303, saved.text
        page = (await admin.get("/admin/agents/jugend")).text
        assert 'value="Jana J."' in page and '<option value="en" selected>' in page
        assert 'value="2026-12-24"' in page and 'value="Skifreizeit"' in page
        assert 'name="role:Presse" checked' in page and 'name="role:Jugend" checked' in page
        dropped = await _post(admin, "/admin/agents/jugend", {**edit, "role:Jugend": ""})  # valid unticked
        assert dropped.status_code == 303
        page = (await admin.get("/admin/agents/jugend")).text
        assert 'name="valid">' in page and 'name="role:Jugend">' in page and 'value="2026-12-24"' not in page
        audit = (await admin.get("/admin/audit")).text
        assert "jugend" in audit
    async with system.browser() as jugend:
        assert (await log_in(jugend, "jugend")).status_code == 401


async def test_a_queue_is_edited_and_renamed(system) -> None:
    async with system.browser() as admin:
        await log_in(admin, "admin")
        page = (await admin.get("/admin/queues")).text
        queue_id = re.search(r'href="/admin/queues/(\d+)">Materialwart</a>', page).group(1)
        form = (await admin.get(f"/admin/queues/{queue_id}")).text
        assert 'value="material@neudorf.example"' in form and "Mit sportlichen Grüßen" in form
        changed = {
            "name": "Geräte",
            "parent": "",
            "group": "material",
            "address": "material@neudorf.example",
            "follow_up_policy": "new_ticket",
            "signature": "Ihr Gerätewart",
            "unlock_timeout_minutes": "45",
            "valid": "on",
        }
        assert (await _post(admin, f"/admin/queues/{queue_id}", changed)).status_code == 303
        form = (await admin.get(f"/admin/queues/{queue_id}")).text
        assert 'value="Geräte"' in form and "Ihr Gerätewart" in form and 'value="45"' in form
        assert '<option value="new_ticket" selected>' in form
        assert (await admin.get("/admin/queues/999999")).status_code == 404


async def _tickets_admin(system, path: str) -> httpx.Response:
    """Tickets' own admin API (not through the gateway), to see what the pages stored."""
    token = await system.api_token("admin")
    return await system.tickets_http.get(f"/api/v1/admin/{path}", headers={"Authorization": f"Bearer {token}"})


def _queue_id(listing: str, name: str) -> str:
    found = re.search(rf'href="/admin/queues/(\d+)">{re.escape(name)}</a>', listing)
    assert found, listing
    return found.group(1)


async def test_a_queue_s_escalation_targets_are_set_and_listed(system) -> None:
    queue = {"name": "Platzwart", "group": "material", "follow_up_policy": "reopen", "valid": "on"}
    async with system.browser() as admin:
        await log_in(admin, "admin")
        targets = {"first_response_minutes": "120", "solution_minutes": "2880"}
        assert (await _post(admin, "/admin/queues", {**queue, **targets})).status_code == 303
        listing = (await admin.get("/admin/queues")).text
        queue_id = _queue_id(listing, "Platzwart")
        row = re.search(rf'href="/admin/queues/{queue_id}">.*?</tr>', listing, re.S).group(0)
        assert "<td>120</td>" in row and "<td>2880</td>" in row
        negative = await _post(admin, f"/admin/queues/{queue_id}", {**queue, "solution_minutes": "-5"})
        assert negative.status_code == 422 and "solution_minutes" in negative.text
        assert 'value="-5"' in negative.text  # the form keeps what was typed
        cleared = await _post(admin, f"/admin/queues/{queue_id}", {**queue, "first_response_minutes": "30"})
        assert cleared.status_code == 303
        form = (await admin.get(f"/admin/queues/{queue_id}")).text
        assert re.search(r'name="first_response_minutes" type="number" value="30"', form), form
        assert re.search(r'name="solution_minutes" type="number" value="0"', form), form
        queues = (await _tickets_admin(system, "queues")).json()
        stored = next(q for q in queues if q["name"] == "Platzwart")
        assert (stored["first_response_minutes"], stored["solution_minutes"]) == (30, 0)


async def test_a_queue_s_auto_responses_are_saved_together(system) -> None:
    async with system.browser() as admin:
        await log_in(admin, "admin")
        queue_id = _queue_id((await admin.get("/admin/queues")).text, "Materialwart")
        page = f"/admin/queues/{queue_id}/auto-responses"
        assert f'href="{page}"' in (await admin.get(f"/admin/queues/{queue_id}")).text
        form = await admin.get(page)
        assert form.status_code == 200 and "Automatische Antworten: Materialwart" in form.text
        assert "{{ customer.name }}" in form.text and "{{ ticket.number }}" in form.text
        texts = {
            "subject:new": "Eingang {{ ticket.number }}",
            "body:new": "Danke, {{ customer.name }}!",
            "subject:reject": "",
            "body:reject": "Das Ticket ist geschlossen; schreiben Sie bitte neu.",
            "subject:follow_up": "",
            "body:follow_up": "",
        }
        saved = await _post(admin, page, texts)
        assert saved.status_code == 303 and saved.headers["location"] == page
        stored = (await _tickets_admin(system, f"queues/{queue_id}/auto-responses")).json()
        assert stored == {
            "new": {"subject": "Eingang {{ ticket.number }}", "body": "Danke, {{ customer.name }}!"},
            "follow_up": None,
            "reject": {"subject": "", "body": "Das Ticket ist geschlossen; schreiben Sie bitte neu."},
            "new_after_closed": None,
        }
        shown = (await admin.get(page)).text
        assert 'name="subject:new" type="text" value="Eingang {{ ticket.number }}"' in shown

        broken = await _post(admin, page, {**texts, "body:follow_up": "Hallo {{ kunde.name }}"})
        assert broken.status_code == 422 and "does not render" in broken.text and "follow_up" in broken.text
        assert "Hallo {{ kunde.name }}" in broken.text  # the form keeps what was typed
        assert (await _tickets_admin(system, f"queues/{queue_id}/auto-responses")).json() == stored
        assert (await admin.get("/admin/queues/999999/auto-responses")).status_code == 404


async def test_customer_companies_and_users(small_pages) -> None:
    async with small_pages.browser() as admin:
        await log_in(admin, "admin")
        assert (
            await _post(admin, "/admin/companies", {"name": "Bäckerei Korn", "city": "Neudorf", "valid": "on"})
        ).status_code == 303
        companies = (await admin.get("/admin/companies?q=korn")).text
        company_id = re.search(r'href="/admin/companies/(\d+)">Bäckerei Korn</a>', companies).group(1)
        renamed = await _post(admin, f"/admin/companies/{company_id}", {"name": "Bäckerei Korn KG", "valid": "on"})
        assert renamed.status_code == 303
        assert 'value="Bäckerei Korn KG"' in (await admin.get(f"/admin/companies/{company_id}")).text

        customer = {"login": "korn", "name": "Klara Korn", "emails": "klara@korn.example\ninfo@korn.example"}
        customer |= {"company_id": company_id, "sees_company": "on", "valid": "on"}
        bad = await _post(admin, "/admin/customers", {**customer, "emails": "keine-adresse"})
        assert bad.status_code == 422 and "Einige Angaben sind ungültig" in bad.text
        assert (await _post(admin, "/admin/customers", customer)).status_code == 303
        taken = await _post(admin, "/admin/customers", customer)
        assert taken.status_code == 409
        found = (await admin.get("/admin/customers?q=korn")).text
        assert "klara@korn.example, info@korn.example" in found and "Bäckerei Korn KG" in found
        form = (await admin.get("/admin/customers/korn")).text
        assert f'<option value="{company_id}" selected>' in form and 'name="sees_company" checked' in form
        moved = await _post(admin, "/admin/customers/korn", {**customer, "company_id": "", "sees_company": ""})
        assert moved.status_code == 303
        row = re.search(
            r'href="/admin/customers/korn">.*?</tr>', (await admin.get("/admin/customers?q=korn")).text, re.S
        )
        assert row and "Klara Korn" in row.group(0) and "Bäckerei Korn KG" not in row.group(0)

        first = (await admin.get("/admin/customers")).text
        assert first.count('href="/admin/customers/') == 2 and 'rel="next"' in first
        assert 'rel="prev"' in (await admin.get("/admin/customers?page=2")).text


async def test_system_addresses_lead_to_queues(system) -> None:
    async with system.browser() as admin:
        await log_in(admin, "admin")
        page = (await admin.get("/admin/addresses")).text
        assert "kasse@neudorf.example" in page
        queue_id = re.search(r'<option value="(\d+)">Abteilung Tennis::Jugend</option>', page).group(1)
        new = {"address": "tennisjugend@neudorf.example", "display_name": "Tennisjugend", "queue_id": queue_id}
        assert (await _post(admin, "/admin/addresses", {**new, "valid": "on"})).status_code == 303
        taken = await _post(admin, "/admin/addresses", {**new, "valid": "on"})
        assert taken.status_code == 409 and "schon vergeben" in taken.text
        page = (await admin.get("/admin/addresses")).text
        address_id = re.search(r'href="/admin/addresses/(\d+)">tennisjugend@neudorf.example', page).group(1)
        assert (await _post(admin, f"/admin/addresses/{address_id}", {**new, "display_name": "TJ"})).status_code == 303
        form = (await admin.get(f"/admin/addresses/{address_id}")).text
        assert 'value="TJ"' in form and 'name="valid">' in form and f'<option value="{queue_id}" selected>' in form


async def test_runtime_settings_are_changed_and_checked_together(system) -> None:
    async with system.browser() as admin:
        await log_in(admin, "admin")
        page = (await admin.get("/admin/settings")).text
        assert 'name="portal_ticket_creation" checked' in page
        values = {"password_min_length": "12", "session_idle_minutes": "60", "session_max_minutes": "600"}
        values |= {"login_max_failures": "7", "login_window_minutes": "20", "default_queue": "Allgemein"}
        assert (await _post(admin, "/admin/settings", values)).status_code == 303
        page = (await admin.get("/admin/settings")).text
        assert 'value="12"' in page and 'value="7"' in page and 'name="portal_ticket_creation">' in page
        assert '<option value="Allgemein" selected>' in page
        longer_idle = await _post(admin, "/admin/settings", {**values, "session_idle_minutes": "900"})
        assert longer_idle.status_code == 422 and "session_idle_minutes" in longer_idle.text
        not_a_number = await _post(admin, "/admin/settings", {**values, "password_min_length": "zwölf"})
        assert not_a_number.status_code == 422 and "ganze Zahlen" in not_a_number.text
        assert 'value="12"' in (await admin.get("/admin/settings")).text


ADMIN_PAGES = (
    "/admin",
    "/admin/settings",
    "/admin/customers",
    "/admin/customers/spender",
    "/admin/companies",
    "/admin/addresses",
    "/admin/agents",
    "/admin/agents/admin",
    "/admin/groups",
    "/admin/roles",
    "/admin/roles/Jugend",
    "/admin/queues",
    "/admin/queues/1",
    "/admin/queues/1/auto-responses",
    "/admin/audit",
)


async def test_an_agent_who_is_no_administrator_gets_no_admin_page(system) -> None:
    async with system.browser() as agent:
        await log_in(agent, "jugend")
        assert 'href="/admin/' not in (await agent.get("/queues")).text
        for path in ADMIN_PAGES:
            assert (await agent.get(path)).status_code in (403, 404), path
        token = form_token((await agent.get("/queues")).text)
        forms = {
            "/admin/groups": {"name": "heimlich"},
            "/admin/roles": {"name": "Heimlich"},
            "/admin/roles/Jugend": {"grant:jugend:rw": "on", "grant:vorstand:rw": "on"},
            "/admin/agents": {"login": "heimlich", "name": "H", "email": "h@example.org", "password": PASSWORD},
            "/admin/queues": {"name": "Heimlich", "group": "jugend"},
            "/admin/settings": {
                "password_min_length": "8",
                "session_idle_minutes": "5",
                "session_max_minutes": "5",
                "login_max_failures": "100",
                "login_window_minutes": "1",
            },
            "/admin/customers": {"login": "heimlich", "name": "H", "emails": "h@example.org"},
            "/admin/companies": {"name": "Heimlich GmbH"},
            "/admin/queues/1/auto-responses": {"body:new": "Heimlich"},
        }
        for path, data in forms.items():
            refused = await agent.post(path, data={**data, "csrf_token": token}, headers=SITE)
            assert refused.status_code == 403, path
    async with system.browser() as admin:
        await log_in(admin, "admin")
        assert "heimlich" not in (await admin.get("/admin/groups")).text
        assert "Heimlich" not in (await admin.get("/admin/roles")).text
        assert "vorstand: rw" not in (await admin.get("/admin/roles")).text.split("Jugend</a>")[1].split("</tr>")[0]
        assert "/admin/agents/heimlich" not in (await admin.get("/admin/agents")).text
        assert "Heimlich" not in (await _tickets_admin(system, "queues/1/auto-responses")).text


async def test_a_queue_s_follow_up_state_is_chosen_from_the_open_states(system) -> None:
    queue = {"name": "Jugend", "group": "material", "follow_up_policy": "reopen", "valid": "on"}
    async with system.browser() as admin:
        await log_in(admin, "admin")
        form = (await admin.get("/admin/queues")).text
        select = re.search(r'<select name="follow_up_state">.*?</select>', form, re.S)
        assert select and "Status nach einer Rückmeldung des Kunden" in form
        assert '<option value="open" selected>offen</option>' in select.group(0)
        assert "pending reminder" not in select.group(0) and "closed successful" not in select.group(0)
        assert (await _post(admin, "/admin/queues", {**queue, "follow_up_state": "open"})).status_code == 303
        queue_id = _queue_id((await admin.get("/admin/queues")).text, "Jugend")
        refused = await _post(admin, f"/admin/queues/{queue_id}", {**queue, "follow_up_state": "pending reminder"})
        assert refused.status_code == 422 and "follow_up_state" in refused.text
        stored = next(q for q in (await _tickets_admin(system, "queues")).json() if q["name"] == "Jugend")
        assert stored["follow_up_state"] == "open"
