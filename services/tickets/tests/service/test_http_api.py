"""The HTTP API against the app with a real database: auth, permissions, problem+json."""

from __future__ import annotations

from sqlalchemy import select

from services.tickets.admin import create_api_token, ensure_first_admin, load_demo
from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.demo import demo_password
from services.tickets.tests.service.conftest import login, mail
from shared.identity import verify_identity

PROBLEM = "application/problem+json"


async def test_login_me_identity_logout(client, neudorf, settings):
    response = await client.post("/api/v1/auth/login", json={"login": "admin", "password": demo_password("admin")})
    body = response.json()
    assert body["agent"] == {
        "login": "admin",
        "name": "Administrator",
        "email": "admin@neudorf.example",
        "language": "de",
        "is_admin": True,
        "out_of_office": None,
    }
    headers = {"Authorization": f"Bearer {body['token']}"}
    assert (await client.get("/api/v1/auth/me", headers=headers)).json()["login"] == "admin"

    identity = (await client.get("/api/v1/auth/identity", headers=headers)).json()["identity"]
    who = verify_identity(identity, settings.secret_key)
    assert who.login == "admin" and who.is_admin and len(who.readable_queue_ids) == 13

    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    after = await client.get("/api/v1/auth/me", headers=headers)
    assert after.status_code == 401 and after.headers["content-type"] == PROBLEM


async def test_bad_credentials_and_missing_token_are_401_problems(client, neudorf):
    wrong = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "nope"})
    unknown = await client.post("/api/v1/auth/login", json={"login": "nobody", "password": "nope"})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["title"] == "Unauthorized" and response.json()["status"] == 401
    anonymous = await client.get("/api/v1/queues")
    assert anonymous.status_code == 401 and anonymous.json()["detail"]


async def test_invalid_input_is_a_422_problem(client, neudorf):
    headers = await login(client, "admin")
    for response in (
        await client.post("/api/v1/auth/login", json={"login": "admin"}),
        await client.get("/api/v1/tickets?limit=0", headers=headers),
        await client.get("/api/v1/tickets?state_type=sleeping", headers=headers),
        await client.get(f"/api/v1/tickets/{neudorf['kasse']}/attachments/abc", headers=headers),
    ):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["errors"]


async def test_admin_sees_every_queue_with_counts(client, neudorf):
    headers = await login(client, "admin")
    items = (await client.get("/api/v1/queues", headers=headers)).json()["items"]
    names = [q["name"] for q in items]
    assert names == sorted(names) and len(names) == 13 and "Spam" in names
    by_name = {q["name"]: q for q in items}
    assert by_name["Vorstand"]["counts"] == {"new": 1, "open": 0, "pending": 0, "closed": 0, "total": 1}
    child = by_name["Vorstand::Schatzmeister"]
    assert (child["depth"], child["parent_id"], child["group"]) == (1, by_name["Vorstand"]["id"], "schatzmeister")

    page = (await client.get("/api/v1/tickets", headers=headers)).json()
    assert page["total"] == 2
    assert [t["number"] for t in page["items"]] == [neudorf["kasse"], neudorf["vorstand"]]  # newest first


async def test_the_bookkeeper_sees_schatzmeister_and_nothing_else_of_vorstand(client, neudorf):
    headers = await login(client, "buchhaltung")
    items = (await client.get("/api/v1/queues", headers=headers)).json()["items"]
    assert [q["name"] for q in items] == ["Vorstand::Schatzmeister"]
    assert items[0]["counts"]["total"] == 1

    page = (await client.get("/api/v1/tickets", headers=headers)).json()
    assert page["total"] == 1 and [t["number"] for t in page["items"]] == [neudorf["kasse"]]
    for queue in ("Vorstand", "Allgemein"):
        hidden = await client.get("/api/v1/tickets", params={"queue": queue}, headers=headers)
        assert hidden.status_code == 404 and hidden.headers["content-type"] == PROBLEM
    assert (await client.get("/api/v1/tickets", params={"queue": "Vorstand::Schatzmeister"}, headers=headers)).json()[
        "total"
    ] == 1

    for path in ("", "/history", "/attachments/1"):
        response = await client.get(f"/api/v1/tickets/{neudorf['vorstand']}{path}", headers=headers)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == PROBLEM

    ticket = await client.get(f"/api/v1/tickets/{neudorf['kasse']}", headers=headers)
    assert ticket.status_code == 200 and ticket.headers["etag"] == '"1"'
    body = ticket.json()
    assert (body["queue"], body["state"], body["state_type"], body["priority"]) == (
        "Vorstand::Schatzmeister",
        "new",
        "new",
        3,
    )
    [article] = body["articles"]
    assert (article["sender_type"], article["channel"], article["delivery"]) == ("customer", "email", None)
    [attachment] = article["attachments"]
    assert (attachment["filename"], attachment["size"]) == ("Quittung Nr. 1.pdf", 15)

    download = await client.get(f"/api/v1/tickets/{neudorf['kasse']}/attachments/{attachment['id']}", headers=headers)
    assert download.content == b"Spendenquittung"
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"].startswith("attachment;")
    # The attachment of the Schatzmeister ticket is not reachable through the Vorstand ticket's number.
    sideways = await client.get(
        f"/api/v1/tickets/{neudorf['vorstand']}/attachments/{attachment['id']}", headers=headers
    )
    assert sideways.status_code == 404

    history = (await client.get(f"/api/v1/tickets/{neudorf['kasse']}/history", headers=headers)).json()
    assert [h["type"] for h in history if h["type"] != "SystemRouting"] == ["NewTicket"]
    assert set(history[0]) == {"id", "type", "actor", "created_at", "old", "new", "note"}


async def test_filters_by_state_and_state_type(client, neudorf):
    headers = await login(client, "admin")
    assert (await client.get("/api/v1/tickets?state=new", headers=headers)).json()["total"] == 2
    assert (await client.get("/api/v1/tickets?state_type=closed", headers=headers)).json()["total"] == 0
    page = (await client.get("/api/v1/tickets?limit=1&offset=1", headers=headers)).json()
    assert page["total"] == 2 and [t["number"] for t in page["items"]] == [neudorf["vorstand"]]


async def test_api_token_and_first_admin(client, database, settings):
    first = await ensure_first_admin(database, settings)
    assert first is not None and first[0] == "admin"
    assert await ensure_first_admin(database, settings) is None
    token = await create_api_token(database, "admin", days=1)
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["is_admin"] is True
    login = await client.post("/api/v1/auth/login", json={"login": "admin", "password": first[1]})
    assert login.status_code == 200


async def test_demo_is_idempotent(database, settings):
    first = await load_demo(database, settings)
    second = await load_demo(database, settings)
    assert {row[0] for row in first} >= {"admin", "buchhaltung", "vorstand", "materialwart", "presse", "jugend"}
    assert all(password == "(unchanged)" for _, password, _ in second)
    async with database.sessions() as session:
        queues = (await session.execute(select(directory_tables.queues.c.name))).scalars().all()
        addresses = (await session.execute(select(directory_tables.system_addresses.c.address))).scalars().all()
    assert len(queues) == 13 and "Spam" in queues and "kasse@neudorf.example" in addresses


async def test_failed_logins_are_throttled_per_account(client, neudorf):
    for _ in range(5):
        wrong = await client.post("/api/v1/auth/login", json={"login": "presse", "password": "falsch"})
        assert wrong.status_code == 401
    blocked = await client.post("/api/v1/auth/login", json={"login": "presse", "password": demo_password("presse")})
    assert blocked.status_code == 429 and blocked.headers["content-type"] == PROBLEM
    other = await client.post("/api/v1/auth/login", json={"login": "jugend", "password": demo_password("jugend")})
    assert other.status_code == 200


async def test_lookups_for_the_ui(client, neudorf):
    empfang = await login(client, "empfang")
    states = (await client.get("/api/v1/states", headers=empfang)).json()
    assert {"name": "pending auto close+", "type": "pending auto"} in states
    assert [p["id"] for p in (await client.get("/api/v1/priorities", headers=empfang)).json()] == [1, 2, 3, 4, 5]
    targets = (await client.get("/api/v1/queue-targets", headers=empfang)).json()
    assert "Vorstand" in [q["name"] for q in targets]  # move_into without reading it
    assert "Vorstand::Schatzmeister" not in [q["name"] for q in targets]
    create = (await client.get("/api/v1/queue-targets?permission=create", headers=empfang)).json()
    assert [q["name"] for q in create] == ["Allgemein"]

    buchhaltung = await login(client, "buchhaltung")
    [kasse] = (await client.get("/api/v1/queues", headers=buchhaltung)).json()["items"]
    owners = (await client.get(f"/api/v1/queues/{kasse['id']}/owners", headers=buchhaltung)).json()
    assert {o["login"] for o in owners} == {"admin", "vorstand", "buchhaltung"}
    vorstand_id = kasse["parent_id"]
    assert (await client.get(f"/api/v1/queues/{vorstand_id}/owners", headers=buchhaltung)).status_code == 404


async def test_password_change_ends_other_sessions(client, neudorf):
    first, second = await login(client, "jugend"), await login(client, "jugend")
    url = "/api/v1/auth/password"
    wrong = await client.post(url, headers=first, json={"current_password": "x", "new_password": "lang-genug-123"})
    assert wrong.status_code == 403
    short = await client.post(
        url, headers=first, json={"current_password": demo_password("jugend"), "new_password": "kurz"}
    )
    assert short.status_code == 422
    ok = await client.post(
        url, headers=first, json={"current_password": demo_password("jugend"), "new_password": "lang-genug-123"}
    )
    assert ok.status_code == 204
    assert (await client.get("/api/v1/auth/me", headers=first)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=second)).status_code == 401
    new = await client.post("/api/v1/auth/login", json={"login": "jugend", "password": "lang-genug-123"})
    assert new.status_code == 200


async def test_nul_characters_are_dropped_from_text_and_refused_in_filters(client, service, neudorf):
    admin = await login(client, "admin")
    note = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/notes",
        headers=admin,
        json={"subject": "a\u0000b", "body_text": "c\u0000d"},
    )
    assert note.status_code == 200 and note.json()["articles"][-1]["body_text"] == "cd"
    await service.handlers.handle(mail(subject="Null\u0000byte", text_body="x\u0000y", message_id="<nul@x>"))
    assert (await client.get("/api/v1/tickets", params={"q": "Nullbyte"}, headers=admin)).json()["total"] == 1
    for params in ({"q": "a\u0000"}, {"state": "\u0000"}, {"customer": "\u0000@x"}):
        response = await client.get("/api/v1/tickets", params=params, headers=admin)
        assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
