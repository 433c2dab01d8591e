"""Admin operations need rw in the admin group and land in the audit log."""

from __future__ import annotations

from services.tickets.tests.service.conftest import PROBLEM, login, mail


async def test_admin_creates_a_queue_with_an_address_and_an_agent_who_works_it(client, service, neudorf):
    admin = await login(client, "admin")
    assert (await client.post("/api/v1/admin/groups", headers=admin, json={"name": "basketball"})).status_code == 201
    queue = await client.post(
        "/api/v1/admin/queues",
        headers=admin,
        json={
            "name": "Abteilung Basketball",
            "group": "basketball",
            "address": "basketball@neudorf.example",
            "address_name": "Basketball",
            "auto_response": "Danke, {{ customer.name }}!",
        },
    )
    assert queue.status_code == 201, queue.text
    agent = await client.post(
        "/api/v1/admin/agents",
        headers=admin,
        json={
            "login": "korb",
            "name": "Kim Korb",
            "email": "korb@neudorf.example",
            "password": "lang-genug-123",
            "groups": {"basketball": ["rw"]},
        },
    )
    assert agent.status_code == 201, agent.text

    await service.handlers.handle(mail(to=["basketball@neudorf.example"], message_id="<b@x>"))
    korb = await client.post("/api/v1/auth/login", json={"login": "korb", "password": "lang-genug-123"})
    headers = {"Authorization": f"Bearer {korb.json()['token']}"}
    [ticket] = (await client.get("/api/v1/tickets", headers=headers)).json()["items"]
    assert ticket["queue"] == "Abteilung Basketball"

    audit = (await client.get("/api/v1/admin/audit", headers=admin)).json()
    assert [(e["action"], e["subject"], e["actor"]) for e in audit] == [
        ("agent.create", "korb", "agent:admin"),
        ("queue.create", "Abteilung Basketball", "agent:admin"),
        ("system_address.create", "basketball@neudorf.example", "agent:admin"),
        ("group.create", "basketball", "agent:admin"),
    ]
    agents = {a["login"]: a for a in (await client.get("/api/v1/admin/agents", headers=admin)).json()}
    assert agents["korb"]["groups"] == {"basketball": ["rw"]} and agents["buchhaltung"]["roles"] == ["Buchhaltung"]
    assert "Abteilung Basketball" in [
        q["name"] for q in (await client.get("/api/v1/admin/queues", headers=admin)).json()
    ]


async def test_admin_rules(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    for method, path, body in (
        ("get", "/api/v1/admin/agents", None),
        ("post", "/api/v1/admin/groups", {"name": "x"}),
        ("get", "/api/v1/admin/audit", None),
    ):
        response = await client.request(method.upper(), path, headers=vorstand, json=body)
        assert response.status_code == 403 and response.headers["content-type"] == PROBLEM
    again = await client.post("/api/v1/admin/groups", headers=admin, json={"name": "vorstand"})
    assert again.status_code == 409
    orphan = await client.post("/api/v1/admin/queues", headers=admin, json={"name": "Nirgends::Kind", "group": "users"})
    assert orphan.status_code == 422
    taken = await client.post(
        "/api/v1/admin/queues", headers=admin, json={"name": "Neu", "group": "users", "address": "info@neudorf.example"}
    )
    assert taken.status_code == 409
    weak = await client.post(
        "/api/v1/admin/agents",
        headers=admin,
        json={"login": "x", "name": "x", "email": "x@neudorf.example", "password": "kurz"},
    )
    assert weak.status_code == 422
