"""Admin changes to agents, queues, customers and system addresses, on SQLite and PostgreSQL.

Each change needs rw in ``admin`` (403 otherwise), answers 404/409/422 with a reason and
lands in the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from services.tickets.admin import create_api_token
from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.tests.service.conftest import PROBLEM, login, mail

ADMIN = "/api/v1/admin"


@pytest.fixture
def pg_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_db_url


async def _audit(client, admin) -> list[tuple[str, str]]:
    return [(e["action"], e["subject"]) for e in (await client.get(f"{ADMIN}/audit", headers=admin)).json()]


async def _queue_id(client, headers, name: str) -> int:
    queues = (await client.get(f"{ADMIN}/queues", headers=headers)).json()
    return next(q["id"] for q in queues if q["name"] == name)


async def test_agent_update_absence_shows_and_invalid_agent_is_locked_out(client, database, neudorf):
    admin, kasse = await login(client, "admin"), await login(client, "buchhaltung")
    api = {"Authorization": f"Bearer {await create_api_token(database, 'buchhaltung')}"}
    today = datetime.now(UTC).date()
    away = {"from": str(today), "until": str(today + timedelta(days=3)), "note": "Urlaub"}
    changed = await client.patch(
        f"{ADMIN}/agents/buchhaltung", headers=admin, json={"name": "Bea Buch", "language": "en", "out_of_office": away}
    )
    assert changed.status_code == 204, changed.text
    me = (await client.get("/api/v1/auth/me", headers=kasse)).json()
    assert (me["name"], me["language"]) == ("Bea Buch", "en")
    assert me["out_of_office"] == {**away, "active": True}
    kasse_queue = await _queue_id(client, admin, "Vorstand::Schatzmeister")
    owners = {o["login"]: o for o in (await client.get(f"/api/v1/queues/{kasse_queue}/owners", headers=admin)).json()}
    assert owners["buchhaltung"]["out_of_office"]["note"] == "Urlaub"
    assert owners["vorstand"]["out_of_office"] is None

    assert (await client.patch(f"{ADMIN}/agents/buchhaltung", headers=admin, json={"valid": False})).status_code == 204
    for headers in (kasse, api):
        assert (await client.get("/api/v1/tickets", headers=headers)).status_code == 401
    relogin = await client.post("/api/v1/auth/login", json={"login": "buchhaltung", "password": "neudorf-buchhaltung"})
    assert relogin.status_code == 401
    owners = (await client.get(f"/api/v1/queues/{kasse_queue}/owners", headers=admin)).json()
    assert "buchhaltung" not in [o["login"] for o in owners]
    # Valid again: the old session and token stay dead, a new login works.
    assert (await client.patch(f"{ADMIN}/agents/buchhaltung", headers=admin, json={"valid": True})).status_code == 204
    assert (await client.get("/api/v1/tickets", headers=api)).status_code == 401
    assert (await login(client, "buchhaltung"))["Authorization"]

    entries = [e for e in (await client.get(f"{ADMIN}/audit", headers=admin)).json() if e["action"] == "agent.update"]
    assert [e["detail"].get("valid") for e in entries] == [True, False, None]
    assert entries[1]["detail"]["tokens_revoked"] == 2
    assert entries[2]["detail"]["out_of_office_until"] == away["until"]


async def test_agent_update_refusals(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    path = f"{ADMIN}/agents/buchhaltung"
    for body in (
        {"language": "fr"},
        {"name": None},
        {"email": "kein-mail"},
        {"out_of_office": {"from": "2026-12-24", "until": "2026-12-01"}},
    ):
        response = await client.patch(path, headers=admin, json=body)
        assert response.status_code == 422 and response.headers["content-type"] == PROBLEM, body
    assert (await client.patch(f"{ADMIN}/agents/niemand", headers=admin, json={"name": "x"})).status_code == 404
    myself = await client.patch(f"{ADMIN}/agents/admin", headers=admin, json={"valid": False})
    assert myself.status_code == 422 and "yourself" in myself.json()["detail"]
    assert (await client.patch(path, headers=vorstand, json={"valid": False})).status_code == 403
    assert await _audit(client, admin) == []


async def test_queue_update_renames_children_and_invalid_queue_is_no_target(client, service, neudorf):
    admin = await login(client, "admin")
    vorstand_id = await _queue_id(client, admin, "Vorstand")
    renamed = await client.patch(
        f"{ADMIN}/queues/{vorstand_id}",
        headers=admin,
        json={"name": "Präsidium", "signature": "Der Vorstand", "follow_up_policy": "reject", "address_name": "Präs."},
    )
    assert renamed.status_code == 204, renamed.text
    queues = {q["name"]: q for q in (await client.get(f"{ADMIN}/queues", headers=admin)).json()}
    assert "Vorstand" not in queues and "Vorstand::Schatzmeister" not in queues
    assert queues["Präsidium::Schatzmeister"]["address"] == "kasse@neudorf.example"
    assert (queues["Präsidium"]["signature"], queues["Präsidium"]["follow_up_policy"]) == ("Der Vorstand", "reject")
    assert (queues["Präsidium"]["address"], queues["Präsidium"]["address_name"]) == (
        "vorstand@neudorf.example",
        "Präs.",
    )
    ticket = (await client.get(f"/api/v1/tickets/{neudorf['kasse']}", headers=admin)).json()
    assert ticket["queue"] == "Präsidium::Schatzmeister"

    tennis = await _queue_id(client, admin, "Abteilung Tennis")
    assert (await client.patch(f"{ADMIN}/queues/{tennis}", headers=admin, json={"valid": False})).status_code == 204
    targets = [q["name"] for q in (await client.get("/api/v1/queue-targets", headers=admin)).json()]
    assert "Abteilung Tennis" not in targets and "Präsidium" in targets
    move = await client.post(f"/api/v1/tickets/{neudorf['vorstand']}/move", headers=admin, json={"queue": str(tennis)})
    assert move.status_code == 422 and "invalid" in move.json()["detail"]
    assert await _audit(client, admin) == [
        ("queue.update", "Abteilung Tennis"),
        ("queue.update", "Präsidium"),
        ("system_address.update", "vorstand@neudorf.example"),
    ]


async def test_queue_update_refusals(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    vorstand_id = await _queue_id(client, admin, "Vorstand")
    path = f"{ADMIN}/queues/{vorstand_id}"
    for body, status in (
        ({"name": "Allgemein"}, 409),
        ({"address": "info@neudorf.example"}, 409),
        ({"name": "Vorstand::Schatzmeister::Unten"}, 422),
        ({"name": "Nirgends::Vorstand"}, 422),
        ({"name": None}, 422),
        ({"group": "gibtsnicht"}, 422),
        ({"unlock_timeout_minutes": -1}, 422),
    ):
        response = await client.patch(path, headers=admin, json=body)
        assert response.status_code == status and response.headers["content-type"] == PROBLEM, (body, response.text)
    assert (await client.patch(f"{ADMIN}/queues/99999", headers=admin, json={"valid": False})).status_code == 404
    assert (await client.patch(path, headers=vorstand, json={"valid": False})).status_code == 403
    assert await _audit(client, admin) == []


async def test_customer_companies_and_customers(client, neudorf):
    admin = await login(client, "admin")
    companies = (await client.get(f"{ADMIN}/customer-companies", headers=admin)).json()
    [baeckerei] = companies["items"]  # the demo's company string, now a row
    assert (companies["total"], baeckerei["name"]) == (1, "Bäckerei Neudorf")
    created = await client.post(
        f"{ADMIN}/customer-companies", headers=admin, json={"name": "Metzgerei Wurst", "city": "Neudorf"}
    )
    assert created.status_code == 201
    metzgerei = created.json()["id"]
    body = {
        "login": "gesell",
        "name": "Gerd Gesell",
        "emails": ["gerd@baeckerei-neudorf.example", "Gerd@privat.example", "gerd@PRIVAT.example"],
        "company_id": baeckerei["id"],
        "sees_company": True,
        "password": "lang-genug-123",
    }
    assert (await client.post(f"{ADMIN}/customers", headers=admin, json=body)).status_code == 201

    # He sees the tickets of his company: Berta's, by her address.
    await client.post(
        "/api/v1/tickets",
        headers=admin,
        json={
            "origin": "phone",
            "queue": "Allgemein",
            "title": "Brötchen fürs Sommerfest",
            "customer_email": "berta@baeckerei-neudorf.example",
            "body_text": "300 Stück",
        },
    )
    portal = await client.post("/api/v1/customer/auth/login", json={"login": "gesell", "password": "lang-genug-123"})
    assert portal.status_code == 200, portal.text
    gesell = {"Authorization": f"Bearer {portal.json()['token']}"}
    titles = [t["title"] for t in (await client.get("/api/v1/customer/tickets", headers=gesell)).json()["items"]]
    assert titles == ["Brötchen fürs Sommerfest"]
    # Any of his addresses, in any case, finds his account.
    phoned = await client.post(
        "/api/v1/tickets",
        headers=admin,
        json={"queue": "Allgemein", "title": "Rückruf", "customer_email": "GERD@privat.example", "body_text": "."},
    )
    ticket = (await client.get(f"/api/v1/tickets/{phoned.json()['number']}", headers=admin)).json()
    assert ticket["customer_user"] == "gesell"

    found = (await client.get(f"{ADMIN}/customers", headers=admin, params={"q": "PRIVAT"})).json()
    assert found["total"] == 1
    assert found["items"][0]["emails"] == ["gerd@baeckerei-neudorf.example", "Gerd@privat.example"]
    by_company = (await client.get(f"{ADMIN}/customers", headers=admin, params={"q": "bäckerei"})).json()
    assert [c["login"] for c in by_company["items"]] == ["baeckerei", "gesell"]
    page = (await client.get(f"{ADMIN}/customers", headers=admin, params={"limit": 1, "offset": 1})).json()
    assert (page["total"], [c["login"] for c in page["items"]]) == (3, ["gesell"])

    moved = await client.patch(
        f"{ADMIN}/customers/gesell",
        headers=admin,
        json={"company_id": metzgerei, "emails": ["gerd@wurst.example"], "password": "noch-laenger-456"},
    )
    assert moved.status_code == 204, moved.text
    assert (await client.get("/api/v1/customer/tickets", headers=gesell)).status_code == 401  # sessions ended
    [gerd] = (await client.get(f"{ADMIN}/customers", headers=admin, params={"q": "gerd"})).json()["items"]
    assert (gerd["company"], gerd["emails"]) == ("Metzgerei Wurst", ["gerd@wurst.example"])
    # His old address is free again.
    again = {**body, "login": "gesell2", "emails": ["gerd@privat.example"], "company_id": None}
    assert (await client.post(f"{ADMIN}/customers", headers=admin, json=again)).status_code == 201
    renamed = await client.patch(f"{ADMIN}/customer-companies/{metzgerei}", headers=admin, json={"valid": False})
    assert renamed.status_code == 204
    assert await _audit(client, admin) == [
        ("customer_company.update", "Metzgerei Wurst"),
        ("customer.create", "gesell2"),
        ("customer.update", "gesell"),
        ("customer.create", "gesell"),
        ("customer_company.create", "Metzgerei Wurst"),
    ]


async def test_customer_refusals(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    base = {"login": "neu", "name": "Neu", "emails": ["neu@example.org"]}
    for method, path, body, status in (
        ("post", "customers", {**base, "emails": ["SPENDER@example.org"]}, 409),
        ("post", "customers", {**base, "login": "spender"}, 409),
        ("post", "customers", {**base, "emails": []}, 422),
        ("post", "customers", {**base, "company_id": 99999}, 422),
        ("post", "customers", {**base, "password": "kurz"}, 422),
        ("patch", "customers/spender", {"emails": ["berta@baeckerei-neudorf.example"]}, 409),
        ("patch", "customers/spender", {"name": None}, 422),
        ("patch", "customers/niemand", {"name": "x"}, 404),
        ("post", "customer-companies", {"name": "bäckerei neudorf"}, 409),
        ("post", "customer-companies", {"name": ""}, 422),
        ("patch", "customer-companies/99999", {"name": "x"}, 404),
    ):
        response = await client.request(method.upper(), f"{ADMIN}/{path}", headers=admin, json=body)
        assert response.status_code == status and response.headers["content-type"] == PROBLEM, (path, body)
    for method, path in (("get", "customers"), ("get", "customer-companies"), ("post", "customers")):
        response = await client.request(method.upper(), f"{ADMIN}/{path}", headers=vorstand, json=base)
        assert response.status_code == 403
    assert await _audit(client, admin) == []


async def test_system_addresses_decide_the_queue_of_new_mail(client, service, neudorf):
    admin = await login(client, "admin")
    listed = {a["address"]: a for a in (await client.get(f"{ADMIN}/system-addresses", headers=admin)).json()}
    assert listed["kasse@neudorf.example"]["queue"] == "Vorstand::Schatzmeister"
    tennis = await _queue_id(client, admin, "Abteilung Tennis")
    created = await client.post(
        f"{ADMIN}/system-addresses",
        headers=admin,
        json={"address": "Aufschlag@neudorf.example", "display_name": "Tennis", "queue_id": tennis},
    )
    assert created.status_code == 201
    await service.handlers.handle(mail(to=["aufschlag@neudorf.example"], subject="Platzbuchung", message_id="<t1@x>"))
    changed = await client.patch(
        f"{ADMIN}/system-addresses/{created.json()['id']}", headers=admin, json={"valid": False}
    )
    assert changed.status_code == 204
    await service.handlers.handle(mail(to=["aufschlag@neudorf.example"], subject="Platzbuchung 2", message_id="<t2@x>"))
    items = (await client.get("/api/v1/tickets", headers=admin, params={"q": "Platzbuchung"})).json()["items"]
    assert {i["title"]: i["queue"] for i in items} == {
        "Platzbuchung": "Abteilung Tennis",
        "Platzbuchung 2": "Allgemein",  # an invalid address routes no more: the default queue
    }
    assert await _audit(client, admin) == [
        ("system_address.update", "Aufschlag@neudorf.example"),
        ("system_address.create", "Aufschlag@neudorf.example"),
    ]


async def test_system_address_refusals(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    info = next(
        a["id"]
        for a in (await client.get(f"{ADMIN}/system-addresses", headers=admin)).json()
        if a["address"] == "info@neudorf.example"
    )
    for method, path, body, status in (
        ("post", "system-addresses", {"address": "KASSE@neudorf.example", "queue_id": 1}, 409),
        ("post", "system-addresses", {"address": "neu@neudorf.example", "queue_id": 99999}, 422),
        ("post", "system-addresses", {"address": "kein address", "queue_id": 1}, 422),
        ("patch", f"system-addresses/{info}", {"address": "vorstand@neudorf.example"}, 409),
        ("patch", f"system-addresses/{info}", {"queue_id": None}, 422),
        ("patch", "system-addresses/99999", {"valid": False}, 404),
    ):
        response = await client.request(method.upper(), f"{ADMIN}/{path}", headers=admin, json=body)
        assert response.status_code == status and response.headers["content-type"] == PROBLEM, (path, body)
    assert (await client.get(f"{ADMIN}/system-addresses", headers=vorstand)).status_code == 403
    patched = await client.patch(f"{ADMIN}/system-addresses/{info}", headers=vorstand, json={"valid": False})
    assert patched.status_code == 403
    assert await _audit(client, admin) == []


async def test_an_agent_address_is_never_a_system_address(client, neudorf):
    """A notification to an agent at a system address would come back in as a new ticket: both ways refused."""
    admin = await login(client, "admin")
    agents = {a["login"]: a for a in (await client.get(f"{ADMIN}/agents", headers=admin)).json()}
    addresses = {a["address"]: a for a in (await client.get(f"{ADMIN}/system-addresses", headers=admin)).json()}
    assert not {a["email"].lower() for a in agents.values()} & {a.lower() for a in addresses}  # the demo too
    assert agents["buchhaltung"]["email"] == "buchhaltung@mitglieder.neudorf.example"
    info = addresses["info@neudorf.example"]["id"]
    new_agent = {"login": "neu", "name": "Neu", "password": "ein-gutes-passwort-1234", "groups": {}}
    for method, path, body, reason in (
        ("post", "agents", {**new_agent, "email": "Kasse@Neudorf.example"}, "is a system address"),
        ("patch", "agents/buchhaltung", {"email": "kasse@neudorf.example"}, "is a system address"),
        (
            "post",
            "system-addresses",
            {"address": "BUCHHALTUNG@mitglieder.neudorf.example", "queue_id": 1},
            "own address of agent 'buchhaltung'",
        ),
        ("patch", f"system-addresses/{info}", {"address": "vorstand@mitglieder.neudorf.example"}, "agent 'vorstand'"),
    ):
        response = await client.request(method.upper(), f"{ADMIN}/{path}", headers=admin, json=body)
        assert response.status_code == 422 and response.headers["content-type"] == PROBLEM, (path, body)
        assert reason in response.json()["detail"], response.json()
    assert await _audit(client, admin) == []
    # An agent's own address that no system address uses is fine, in either direction.
    moved = await client.patch(f"{ADMIN}/agents/buchhaltung", headers=admin, json={"email": "bernd@example.org"})
    assert moved.status_code == 204, moved.text
    freed_address = {"address": "buchhaltung@mitglieder.neudorf.example", "queue_id": 1}
    freed = await client.post(f"{ADMIN}/system-addresses", headers=admin, json=freed_address)
    assert freed.status_code == 201, freed.text


async def test_runtime_settings_take_effect_at_once(client, service, database, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    defaults = (await client.get(f"{ADMIN}/settings", headers=admin)).json()
    assert defaults == {
        "password_min_length": 10,
        "session_idle_minutes": 480,
        "session_max_minutes": 1440,
        "login_max_failures": 5,
        "login_window_minutes": 15,
        "portal_ticket_creation": True,
        "default_queue": None,
    }
    changes = {
        "password_min_length": 14,
        "session_idle_minutes": 30,
        "default_queue": "Materialwart",
        "login_max_failures": 2,
    }
    changed = await client.patch(f"{ADMIN}/settings", headers=admin, json={**changes, "portal_ticket_creation": False})
    assert changed.status_code == 200 and changed.json()["session_idle_minutes"] == 30

    agent = {"login": "neu", "name": "Neu", "email": "neu@neudorf.example", "password": "dreizehn-1234"}
    short = await client.post(f"{ADMIN}/agents", headers=admin, json=agent)
    assert short.status_code == 422 and "14 characters" in short.json()["detail"]
    await service.handlers.handle(mail(to=["unbekannt@neudorf.example"], message_id="<u@x>"))
    [ticket] = (await client.get("/api/v1/tickets", headers=admin, params={"queue": "Materialwart"})).json()["items"]
    assert ticket["title"] == "Spende: ein Basketballkorb"
    customer = await client.post(
        "/api/v1/customer/auth/login", json={"login": "spender", "password": "neudorf-spender"}
    )
    portal = {"Authorization": f"Bearer {customer.json()['token']}"}
    refused = await client.post("/api/v1/customer/tickets", headers=portal, json={"title": "x", "body_text": "y"})
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    for _ in range(2):
        wrong = {"login": "presse", "password": "falsch-falsch"}
        assert (await client.post("/api/v1/auth/login", json=wrong)).status_code == 401
    right = {"login": "presse", "password": "neudorf-presse"}
    assert (await client.post("/api/v1/auth/login", json=right)).status_code == 429
    # A session unused for longer than the new idle time has ended.
    async with database.sessions() as session, session.begin():
        await session.execute(
            update(identity_tables.auth_tokens).values(last_used_at=datetime.now(UTC) - timedelta(minutes=31))
        )
    assert (await client.get("/api/v1/auth/me", headers=vorstand)).status_code == 401

    admin = await login(client, "admin")
    [entry] = [
        e for e in (await client.get(f"{ADMIN}/audit", headers=admin)).json() if e["action"] == "settings.update"
    ]
    assert entry["detail"]["password_min_length"] == [10, 14]
    assert entry["detail"]["portal_ticket_creation"] == [True, False]


async def test_runtime_settings_refusals(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    for body in (
        {"session_idle_minutes": 2000},  # longer than the session may last at all
        {"password_min_length": 3},
        {"default_queue": "Gibtsnicht"},
        {"unknown_setting": 1},
        {"portal_ticket_creation": None},
    ):
        response = await client.patch(f"{ADMIN}/settings", headers=admin, json=body)
        assert response.status_code == 422 and response.headers["content-type"] == PROBLEM, body
    assert (await client.get(f"{ADMIN}/settings", headers=vorstand)).status_code == 403
    assert (
        await client.patch(f"{ADMIN}/settings", headers=vorstand, json={"password_min_length": 12})
    ).status_code == 403
    assert await _audit(client, admin) == []
