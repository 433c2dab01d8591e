"""One error body across the public ``/api/v1`` and every service: RFC 9457 problem+json.

The five services are wired as ``umlauf up`` wires them (SQLite, in-process); the errors are
asked for through the gateway, as an API client meets them, and from notify directly (the
gateway does not forward to it). Every 404, 409 and 422 a client can provoke has the same
members: ``type``, ``title`` (the status phrase), ``status``, ``detail`` as a string; a request
that fails validation adds ``errors``, one ``{loc, msg, type}`` per field.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from http import HTTPStatus
from pathlib import Path

import httpx
import pytest

from shared.identity import HEADER, Identity, sign_identity
from shared.runtime import Service
from shared.settings import Settings
from umlauf.cli import _ensure_admin, _migrate
from umlauf.compose import embedded_services

SECRET = "contract-secret"
FILTER = {"name": "Newsletter", "matches": [{"field": "List-Id", "pattern": "angebote"}], "actions": {"ignore": True}}


def _client(service: Service, **headers: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=service.app)
    return httpx.AsyncClient(transport=transport, base_url=f"http://{service.name}", headers=headers)


@pytest.fixture
async def system(tmp_path: Path) -> AsyncIterator[tuple[dict[str, Service], str]]:
    settings = Settings(var_dir=tmp_path, secret_key=SECRET)
    await _migrate(settings, ["ingest", "tickets", "notify", "stats", "gateway"], first_admin=False)
    admin = await _ensure_admin(settings)
    assert admin is not None
    services = embedded_services(settings)
    async with _client(services["gateway"]) as gateway:
        login = await gateway.post("/api/v1/auth/login", json={"login": admin[0], "password": admin[1]})
    assert login.status_code == 200, login.text
    yield services, login.json()["token"]
    for service in services.values():
        await service.database.dispose()


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["title"] == HTTPStatus(status).phrase and body["status"] == status
    assert isinstance(body["type"], str) and isinstance(body["detail"], str) and body["detail"]
    return body


def assert_invalid(response: httpx.Response, field: str) -> None:
    body = assert_problem(response, 422)
    errors = body["errors"]
    assert isinstance(errors, list) and errors
    assert all(set(e) == {"loc", "msg", "type"} and all(isinstance(p, str) for p in e["loc"]) for e in errors)
    assert any(field in e["loc"] for e in errors), errors


async def test_tickets_answers_404_409_422_as_problems_through_the_gateway(system) -> None:
    services, token = system
    async with _client(services["gateway"], authorization=f"Bearer {token}") as api:
        missing = await api.get("/api/v1/tickets/2026010110999999")
        unknown_path = await api.get("/api/v1/no-such-thing")
        assert (await api.post("/api/v1/admin/groups", json={"name": "kasse"})).status_code == 201
        taken = await api.post("/api/v1/admin/groups", json={"name": "kasse"})
        invalid = await api.post("/api/v1/admin/groups", json={"name": ""})

    assert_problem(missing, 404)
    assert_problem(unknown_path, 404)
    conflict = assert_problem(taken, 409)
    assert conflict["code"] == "already-exists" and conflict["type"] == "urn:umlauf:problem:already-exists"
    assert_invalid(invalid, "name")


async def test_ingest_answers_404_409_422_as_problems_through_the_gateway(system) -> None:
    services, token = system
    async with _client(services["gateway"], authorization=f"Bearer {token}") as api:
        missing = await api.get("/api/v1/ingest/filters/4711")
        assert (await api.post("/api/v1/ingest/filters", json=FILTER)).status_code == 201
        taken = await api.post("/api/v1/ingest/filters", json=FILTER)
        invalid = await api.post("/api/v1/ingest/filters", json=FILTER | {"matches": []})

    assert_problem(missing, 404)
    assert_problem(taken, 409)
    assert_invalid(invalid, "matches")


async def test_stats_answers_404_and_422_as_problems_through_the_gateway(system) -> None:
    services, token = system
    async with _client(services["gateway"], authorization=f"Bearer {token}") as api:
        unknown_path = await api.get("/api/v1/stats/no-such-report")
        not_a_date = await api.get("/api/v1/stats/tickets-per-queue", params={"from": "yesterday"})
        backwards = await api.get("/api/v1/stats/tickets-per-queue", params={"from": "2026-11-30", "to": "2026-11-01"})

    assert_problem(unknown_path, 404)
    assert_invalid(not_a_date, "from")
    assert "after" in str(assert_problem(backwards, 422)["detail"])


async def test_notify_answers_401_404_and_422_as_problems(system) -> None:
    services, _ = system
    identity = sign_identity(Identity(kind="agent", login="admin", is_admin=True), SECRET)
    async with _client(services["notify"], **{HEADER: identity}) as notify:
        unknown_path = await notify.get("/api/v1/notify/no-such-thing")
        invalid = await notify.get("/api/v1/notify/mails", params={"ticket_id": 0})
    async with _client(services["notify"]) as anonymous:
        unsigned = await anonymous.get("/api/v1/notify/mails")

    assert_problem(unknown_path, 404)
    assert_invalid(invalid, "ticket_id")
    assert_problem(unsigned, 401)
