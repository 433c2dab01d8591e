"""Reading a raw message over HTTP: administrators only, errors as problem+json."""

from __future__ import annotations

import uuid

import aiosmtplib
import httpx

from services.ingest.tests.service.conftest import RunningIngest
from shared.identity import HEADER, Identity, sign_identity
from tests.support import wait_until

RAW = b"From: anna@example.org\r\nTo: info@neudorf.example\r\nSubject: Hallo\r\n\r\nTraining?\r\n"


def client(ingest: RunningIngest, *, admin: bool | None) -> httpx.AsyncClient:
    headers = {}
    if admin is not None:
        identity = Identity(kind="agent", login="admin" if admin else "buchhaltung", is_admin=admin)
        headers[HEADER] = sign_identity(identity, ingest.settings.secret_key)
    transport = httpx.ASGITransport(app=ingest.service.app)
    return httpx.AsyncClient(transport=transport, base_url="http://ingest", headers=headers)


async def stored_id(ingest: RunningIngest) -> uuid.UUID:
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port) as smtp:
        await smtp.sendmail("anna@example.org", ["info@neudorf.example"], RAW)
    ((_, event),) = await ingest.wait_for_events(1)
    return event.raw_message_id


async def test_an_administrator_reads_the_message_and_its_raw_bytes(ingest: RunningIngest) -> None:
    message_id = await stored_id(ingest)
    async with client(ingest, admin=True) as http:
        info = await http.get(f"/api/v1/ingest/messages/{message_id}")
        raw = await http.get(f"/api/v1/ingest/messages/{message_id}/raw")
    assert info.status_code == 200
    body = info.json()
    assert (body["id"], body["status"], body["envelope_to"], body["size"]) == (
        str(message_id),
        "parsed",
        ["info@neudorf.example"],
        len(RAW),
    )
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "message/rfc822"
    assert raw.content == RAW


async def test_errors_are_problem_json(ingest: RunningIngest) -> None:
    message_id = await stored_id(ingest)
    async with client(ingest, admin=True) as admin, client(ingest, admin=False) as agent:
        async with client(ingest, admin=None) as anonymous:
            responses = {
                "anonymous": await anonymous.get(f"/api/v1/ingest/messages/{message_id}"),
                "forged": await anonymous.get(f"/api/v1/ingest/messages/{message_id}", headers={HEADER: "x.y.z"}),
                "agent": await agent.get(f"/api/v1/ingest/messages/{message_id}/raw"),
                "unknown": await admin.get(f"/api/v1/ingest/messages/{uuid.uuid4()}/raw"),
                "invalid": await admin.get("/api/v1/ingest/messages/not-a-uuid"),
            }
    statuses = {name: response.status_code for name, response in responses.items()}
    assert statuses == {"anonymous": 401, "forged": 401, "agent": 403, "unknown": 404, "invalid": 422}
    for response in responses.values():
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code
    assert RAW not in responses["agent"].content


async def test_health_and_readiness(ingest: RunningIngest) -> None:
    async with client(ingest, admin=None) as http:
        await wait_until(lambda: _ready(http))


async def _ready(http: httpx.AsyncClient) -> bool:
    response = await http.get("/readyz")
    return response.status_code == 200 and response.json()["checks"]["running"] is True
