"""Roles in the admin API: create, grant group permissions, give to and take from an agent; audited."""

from __future__ import annotations

from services.tickets.tests.service.conftest import login


async def test_a_role_gives_an_agent_the_groups_permissions_until_it_is_taken_away(client, neudorf):
    admin, jugend = await login(client, "admin"), await login(client, "jugend")
    ticket = f"/api/v1/tickets/{neudorf['kasse']}"
    assert (await client.get(ticket, headers=jugend)).status_code == 404

    assert (await client.post("/api/v1/admin/roles", json={"name": "Revision"}, headers=admin)).status_code == 201
    assert (await client.post("/api/v1/admin/roles", json={"name": "Revision"}, headers=admin)).status_code == 409
    grants = {"groups": {"schatzmeister": ["ro", "ro"]}}
    assert (await client.put("/api/v1/admin/roles/Revision/groups", json=grants, headers=admin)).status_code == 204
    given = await client.post("/api/v1/admin/agents/jugend/roles", json={"role": "Revision"}, headers=admin)
    assert given.status_code == 204
    assert (await client.get(ticket, headers=jugend)).status_code == 200

    listed = {r["name"]: r for r in (await client.get("/api/v1/admin/roles", headers=admin)).json()}
    assert listed["Revision"] == {"name": "Revision", "groups": {"schatzmeister": ["ro"]}, "agents": ["jugend"]}
    assert "jugend" in listed["Jugend"]["agents"]

    assert (await client.delete("/api/v1/admin/agents/jugend/roles/Revision", headers=admin)).status_code == 204
    assert (await client.get(ticket, headers=jugend)).status_code == 404
    audit = [(e["action"], e["subject"]) for e in (await client.get("/api/v1/admin/audit", headers=admin)).json()]
    assert audit[:4] == [
        ("agent.role.remove", "jugend"),
        ("agent.role.add", "jugend"),
        ("role.grant", "Revision"),
        ("role.create", "Revision"),
    ]


async def test_only_admins_change_roles_and_bad_names_are_refused(client, neudorf):
    admin, vorstand = await login(client, "admin"), await login(client, "vorstand")
    assert (await client.get("/api/v1/admin/roles", headers=vorstand)).status_code == 403
    assert (await client.post("/api/v1/admin/roles", json={"name": "X"}, headers=vorstand)).status_code == 403
    given = await client.post("/api/v1/admin/agents/vorstand/roles", json={"role": "Vorstand"}, headers=vorstand)
    assert given.status_code == 403
    missing = await client.put("/api/v1/admin/roles/Niemand/groups", json={"groups": {}}, headers=admin)
    assert missing.status_code == 404
    no_group = {"groups": {"gibt-es-nicht": ["ro"]}}
    assert (await client.put("/api/v1/admin/roles/Jugend/groups", json=no_group, headers=admin)).status_code == 422
    no_agent = await client.post("/api/v1/admin/agents/niemand/roles", json={"role": "Jugend"}, headers=admin)
    assert no_agent.status_code == 404
