"""409 problems told apart by ``code``, and bulk tags and merge — on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from services.tickets.tests.service.conftest import PROBLEM, login


@pytest.fixture
def pg_url(any_db_url: str) -> str:
    """The service fixtures of this package take ``pg_url``; here it is SQLite, then PostgreSQL."""
    return any_db_url


def _is_conflict(response, code: str) -> None:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert (problem["code"], problem["type"]) == (code, f"urn:umlauf:problem:{code}")


async def test_stale_version_and_lock_are_told_apart(client, neudorf):
    admin = await login(client, "admin")
    number = neudorf["kasse"]
    moved = await client.post(
        f"/api/v1/tickets/{number}/move", headers=admin, json={"queue": "Öffentlichkeitsarbeit::Presse"}
    )
    etag = moved.headers["etag"]
    await client.post(f"/api/v1/tickets/{number}/priority", headers=admin, json={"priority": 4})
    stale = await client.post(
        f"/api/v1/tickets/{number}/notes", headers={**admin, "If-Match": etag}, json={"body_text": "zu spät"}
    )
    _is_conflict(stale, "stale-version")
    stale_merge = await client.post(
        f"/api/v1/tickets/{number}/merge", headers={**admin, "If-Match": etag}, json={"into": neudorf["vorstand"]}
    )
    _is_conflict(stale_merge, "stale-version")

    presse, jugend, vorstand = [await login(client, n) for n in ("presse", "jugend", "vorstand")]
    assert (await client.post(f"/api/v1/tickets/{number}/lock", headers=presse)).status_code == 200
    blocked = await client.post(f"/api/v1/tickets/{number}/notes", headers=jugend, json={"body_text": "Foto?"})
    _is_conflict(blocked, "locked-by-other")
    assert blocked.json()["locked_by"] == "presse"
    not_taken = await client.post(f"/api/v1/tickets/{number}/lock", headers=vorstand)
    _is_conflict(not_taken, "locked-by-other")
    assert not_taken.json()["locked_by"] == "presse"

    taken = await client.post("/api/v1/admin/groups", headers=admin, json={"name": "vorstand"})
    _is_conflict(taken, "already-exists")
    history = (await client.get(f"/api/v1/tickets/{number}/history", headers=admin)).json()
    assert "AddNote" not in [h["type"] for h in history]


async def test_bulk_adds_and_removes_tags_and_merges_per_ticket(client, neudorf):
    buchhaltung, admin = await login(client, "buchhaltung"), await login(client, "admin")
    kasse, vorstand = neudorf["kasse"], neudorf["vorstand"]
    tagged = await client.post(
        "/api/v1/tickets/bulk",
        headers=buchhaltung,
        json={"numbers": [kasse, vorstand], "add_tags": {"tags": ["Spende", "Quittung", "2026"]}},
    )
    assert tagged.status_code == 200, tagged.text
    assert [(i["number"], i["status"]) for i in tagged.json()["items"]] == [(kasse, 200), (vorstand, 404)]
    ticket = (await client.get(f"/api/v1/tickets/{kasse}", headers=buchhaltung)).json()
    assert sorted(ticket["tags"]) == ["2026", "quittung", "spende"]

    # Remove and add in one go, atomic per ticket: the failing owner change keeps the tags as they were.
    failing = await client.post(
        "/api/v1/tickets/bulk",
        headers=buchhaltung,
        json={"numbers": [kasse], "remove_tags": {"tags": ["2026"]}, "owner": {"owner": "nobody"}},
    )
    assert failing.json()["items"][0]["status"] == 422
    assert "2026" in (await client.get(f"/api/v1/tickets/{kasse}", headers=buchhaltung)).json()["tags"]
    untagged = await client.post(
        "/api/v1/tickets/bulk",
        headers=buchhaltung,
        json={"numbers": [kasse], "add_tags": {"tags": ["geprüft"]}, "remove_tags": {"tags": ["2026", "fehlt"]}},
    )
    [item] = untagged.json()["items"]
    assert item["status"] == 200 and item["code"] is None
    ticket = (await client.get(f"/api/v1/tickets/{kasse}", headers=buchhaltung)).json()
    assert sorted(ticket["tags"]) == ["geprüft", "quittung", "spende"] and ticket["version"] == item["version"]
    history = [
        (h["type"], h["new"] or h["old"])
        for h in (await client.get(f"/api/v1/tickets/{kasse}/history", headers=buchhaltung)).json()
    ]
    assert ("TagRemove", "2026") in history and ("TagAdd", "geprüft") in history
    assert ("TagRemove", "fehlt") not in history  # a tag the ticket did not have is ignored

    # Merge in bulk: each ticket into the target, in its own transaction; the target into itself is invalid.
    merged = await client.post(
        "/api/v1/tickets/bulk", headers=admin, json={"numbers": [kasse, vorstand], "merge": {"into": vorstand}}
    )
    items = {i["number"]: i for i in merged.json()["items"]}
    assert items[kasse]["status"] == 200 and items[vorstand]["status"] == 422
    assert (await client.get(f"/api/v1/tickets/{kasse}", headers=admin)).json()["state"] == "merged"
    absorbed = (await client.get(f"/api/v1/tickets/{vorstand}", headers=admin)).json()
    assert any(a["subject"] == "Spendenquittung" for a in absorbed["articles"])


async def test_bulk_reports_a_lock_held_by_another_agent(client, neudorf):
    admin = await login(client, "admin")
    kasse = neudorf["kasse"]
    await client.post(f"/api/v1/tickets/{kasse}/move", headers=admin, json={"queue": "Öffentlichkeitsarbeit::Presse"})
    presse, jugend = await login(client, "presse"), await login(client, "jugend")
    assert (await client.post(f"/api/v1/tickets/{kasse}/lock", headers=presse)).status_code == 200
    refused = await client.post(
        "/api/v1/tickets/bulk", headers=jugend, json={"numbers": [kasse], "note": {"body_text": "Foto?"}}
    )
    [item] = refused.json()["items"]
    assert (item["status"], item["code"], item["locked_by"]) == (409, "locked-by-other", "presse")
    assert item["type"] == "urn:umlauf:problem:locked-by-other"


async def test_openapi_documents_if_match_and_the_conflict_codes(client):
    document = (await client.get("/openapi.json")).json()
    actions = {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/v1/tickets/{number}/")
        and path != "/api/v1/tickets/{number}/split"
        and method in ("post", "delete")
    }
    assert len(actions) >= 20
    for (path, method), operation in actions.items():
        headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        assert headers == ["if-match"], (path, method, headers)
        assert operation["responses"]["409"]["content"]["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/ConflictProblem"
        }
    codes = document["components"]["schemas"]["ConflictProblem"]["properties"]["code"]["enum"]
    assert {"stale-version", "locked-by-other", "already-exists", "wrong-state"} <= set(codes)
