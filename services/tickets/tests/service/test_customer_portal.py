"""The customer portal API: a customer sees his tickets and only the articles meant for him."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import insert, select, update

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.demo import demo_password
from services.tickets.identity.app import auth
from services.tickets.tests.service.conftest import PROBLEM, login, mail, outbox_events


async def customer_login(client, name="spender", password=None):
    response = await client.post(
        "/api/v1/customer/auth/login", json={"login": name, "password": password or demo_password(name)}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def test_the_customer_sees_his_tickets_and_visible_articles_only(client, service, database, neudorf):
    # Both demo tickets come from spender@example.org; a third from someone else.
    await service.handlers.handle(mail(from_address="other@example.net", message_id="<o@x>", subject="Fremd"))
    admin = await login(client, "admin")
    await client.post(f"/api/v1/tickets/{neudorf['kasse']}/notes", headers=admin, json={"body_text": "intern"})
    await client.post(f"/api/v1/tickets/{neudorf['kasse']}/reply", headers=admin, json={"body_text": "Danke!"})

    spender = await customer_login(client)
    assert (await client.get("/api/v1/customer/auth/me", headers=spender)).json()["email"] == "spender@example.org"
    page = (await client.get("/api/v1/customer/tickets", headers=spender)).json()
    assert page["total"] == 2 and "Fremd" not in [t["title"] for t in page["items"]]
    detail = (await client.get(f"/api/v1/customer/tickets/{neudorf['kasse']}", headers=spender)).json()
    # The internal note is not among them; the reply greets him by his customer name.
    asked, answered = (a["body_text"] for a in detail["articles"])
    assert asked.startswith("Ich möchte dem Verein einen Basketballkorb spenden.")
    assert answered.startswith("Guten Tag Sam Spender,\n") and "Danke!" in answered
    [file] = detail["articles"][0]["attachments"]
    download = await client.get(
        f"/api/v1/customer/tickets/{neudorf['kasse']}/attachments/{file['id']}", headers=spender
    )
    assert download.status_code == 200 and download.content == b"Spendenquittung"

    # Agent tokens do not work on the portal, and customer tokens not on the agent API.
    assert (await client.get("/api/v1/customer/tickets", headers=admin)).status_code == 401
    assert (await client.get("/api/v1/tickets", headers=spender)).status_code == 401


async def test_the_customer_opens_and_answers_tickets(client, database, neudorf):
    spender = await customer_login(client)
    created = await client.post(
        "/api/v1/customer/tickets",
        headers=spender,
        json={"title": "Frage zur Quittung", "body_text": "Wann kommt sie?"},
    )
    assert created.status_code == 201
    number = created.json()["number"]
    event = (await outbox_events(database))[-1]
    assert (event.type, event.data["origin"], event.data["customer_id"]) == ("ticket.created", "portal", "spender")
    admin = await login(client, "admin")
    ticket = (await client.get(f"/api/v1/tickets/{number}", headers=admin)).json()
    assert (ticket["queue"], ticket["customer_email"]) == ("Allgemein", "spender@example.org")

    answered = await client.post(
        f"/api/v1/customer/tickets/{number}/answer", headers=spender, json={"body_text": "Danke, eilt nicht."}
    )
    assert [a["channel"] for a in answered.json()["articles"]] == ["portal", "portal"]
    assert (await outbox_events(database))[-1].data["follow_up"] is True


async def test_customer_login_logout_and_unknown_numbers(client, database, neudorf):
    async with database.sessions() as session, session.begin():
        await session.execute(
            insert(directory_tables.customer_users).values(
                login="fremd",
                name="Fremd",
                email="fremd@example.net",
                emails=["fremd@example.net"],
                valid=True,
                sees_company=False,
                password_hash=None,
            )
        )
    wrong = await client.post("/api/v1/customer/auth/login", json={"login": "fremd", "password": "x"})
    assert wrong.status_code == 401 and wrong.headers["content-type"] == PROBLEM

    spender = await customer_login(client)
    page = (await client.get("/api/v1/customer/tickets", headers=spender)).json()
    [first] = [t for t in page["items"] if t["number"] == neudorf["vorstand"]]
    assert first["state"] == "new"
    assert (await client.post("/api/v1/customer/auth/logout", headers=spender)).status_code == 204
    assert (await client.get("/api/v1/customer/tickets", headers=spender)).status_code == 401
    for path in ("", "/attachments/1"):
        response = await client.get(f"/api/v1/customer/tickets/99999999{path}", headers=await customer_login(client))
        assert response.status_code == 404


async def test_a_customer_hash_with_old_parameters_is_replaced_at_login(client, database, neudorf):
    customers = directory_tables.customer_users
    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=2).hash(demo_password("spender"))
    async with database.sessions() as session, session.begin():
        await session.execute(update(customers).where(customers.c.login == "spender").values(password_hash=old))

    await customer_login(client)

    async with database.sessions() as session:
        new = (await session.execute(select(customers.c.password_hash).where(customers.c.login == "spender"))).scalar()
    assert new != old and not auth._hasher.check_needs_rehash(new)
    await customer_login(client)  # the new hash works too
