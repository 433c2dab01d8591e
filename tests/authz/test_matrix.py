"""Nobody sees what is not theirs: every route of the public API document ×
{anonymous, an agent without the queue's group, an agent with ``ro`` only,
customer A, customer B of another company} against a foreign ticket, its article
and its attachment. Zero unexpected 2xx, and no 2xx body that betrays the ticket.

The routes come from the gateway's OpenAPI document, so a new route is covered
without editing this test.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.authz.requests_from_openapi import Call, Target, calls
from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail, send
from tests.support import wait_until

SECRET = "Zebrafink"
QUEUE = "Vorstand::Schatzmeister"
ATTACHMENT = "Kontoauszug-Zebrafink.pdf"
SELF_SERVICE = ("/api/v1/auth/", "/api/v1/customer/auth/")
"""Routes about the caller's own session and password; they must not touch the ticket."""
READER_ACTIONS = ("/watch", "/unwatch")
"""As in OTRS, whoever may read a ticket may subscribe to it."""
CUSTOMER_OWN = ("/api/v1/customer/tickets",)
"""A customer opens tickets of his own in the portal; that touches nobody else's."""


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with start_embedded(tmp_path_factory.mktemp("authz")) as running:
        yield running


async def _foreign_ticket(system: Embedded) -> Target:
    mail = donation_mail(
        subject=f"Kontoauszug {SECRET}",
        sender="mitglied@example.org",
        to="kasse@neudorf.example",
        body=f"Vertraulich: das Kennwort ist {SECRET}kasse.",
    )
    mail.add_attachment(b"%PDF-1.4 secret", maintype="application", subtype="pdf", filename=ATTACHMENT)
    await send(mail, system.smtp_port)
    async with system.api() as admin:
        queues = (await admin.get("/queues")).json()["items"]
        queue_id = next(q["id"] for q in queues if q["name"] == QUEUE)

        async def find() -> str | None:
            items = (await admin.get("/tickets", params={"queue": queue_id})).json()["items"]
            return next((i["number"] for i in items if SECRET in i["title"]), None)

        number = await wait_until(find, within=20)
        article = (await admin.get(f"/tickets/{number}")).json()["articles"][0]
    return Target(number, article["id"], article["attachments"][0]["id"], queue_id, QUEUE)


async def _client(system: Embedded, kind: str, login: str | None) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=system.url, timeout=30)
    if login is None:
        return client
    path = "/api/v1/customer/auth/login" if kind == "customer" else "/api/v1/auth/login"
    response = await client.post(path, json={"login": login, "password": f"neudorf-{login}"})
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['token']}"
    return client


def _betrays(body: str, target: Target) -> bool:
    return any(word in body for word in (target.number, SECRET, ATTACHMENT, "Schatzmeister"))


def _unexpected(call: Call, response: httpx.Response, target: Target, may_read: bool) -> str | None:
    """Why this answer is a leak or an unauthorized change, or None when it is fine."""
    if not response.is_success:
        return None
    if call.path.startswith(SELF_SERVICE) and not call.touches_target:
        return None
    if call.method != "GET":
        if may_read and call.path.endswith(READER_ACTIONS):
            return None
        if call.path in CUSTOMER_OWN and not _betrays(response.text, target):
            return None
        if call.path.endswith("/bulk"):
            statuses = [item["status"] for item in response.json().get("items", [])]
            return f"bulk changed the ticket: {statuses}" if any(200 <= s < 300 for s in statuses) else None
        return f"{response.status_code} on a change"
    if may_read:
        return None
    if call.touches_target:
        return f"{response.status_code} on the foreign ticket"
    if _betrays(response.text, target):
        return "the answer mentions the foreign ticket"
    return None


CALLERS = [
    ("anonymous", "agent", None, False),
    ("agent without the queue's group", "agent", "jugend", False),
    ("agent with ro only", "agent", "kassenpruefer", True),
    ("customer A", "customer", "spender", False),
    ("customer B of another company", "customer", "baeckerei", False),
]


async def test_nobody_sees_or_changes_what_is_not_theirs(system: Embedded) -> None:
    target = await _foreign_ticket(system)
    async with httpx.AsyncClient(base_url=system.url, timeout=30) as anonymous:
        document = (await anonymous.get("/api/v1/openapi.json")).json()
    planned = calls(document, target)
    assert len(planned) > 30, "the API document lists too few operations to be the real one"

    findings: list[str] = []
    checked = 0
    for label, kind, login, may_read in CALLERS:
        client = await _client(system, kind, login)
        try:
            for call in planned:
                if call.path.endswith("/logout"):
                    continue  # would end the caller's own session, nothing to do with the ticket
                response = await client.request(call.method, call.url, params=call.params, json=call.body)
                checked += 1
                assert response.status_code < 500, f"{call.method} {call.url}: {response.status_code} {response.text}"
                if why := _unexpected(call, response, target, may_read):
                    findings.append(f"{label}: {call.method} {call.path} → {why}")
        finally:
            await client.aclose()
    assert not findings, "\n".join(findings)
    assert checked >= 5 * 30

    # The positive control: the same requests work for someone entitled to them, so the
    # matrix above cannot pass merely because every request was malformed.
    auditor = await _client(system, "agent", "kassenpruefer")
    try:
        ticket = await auditor.get(f"/api/v1/tickets/{target.number}")
        assert ticket.status_code == 200 and SECRET in ticket.text
        attachment = await auditor.get(f"/api/v1/tickets/{target.number}/attachments/{target.attachment_id}")
        assert attachment.content == b"%PDF-1.4 secret"
        search = await auditor.get("/api/v1/tickets", params={"q": SECRET})
        assert target.number in search.text
        note = await auditor.post(f"/api/v1/tickets/{target.number}/notes", json={"body_text": "Geprüft."})
        assert note.status_code in (403, 404)  # ro only
    finally:
        await auditor.aclose()
    async with system.api() as admin:
        note = await admin.post(f"/tickets/{target.number}/notes", json={"body_text": "Geprüft."})
        assert note.status_code == 200
        history = (await admin.get(f"/tickets/{target.number}/history")).json()
        assert [e["type"] for e in history].count("AddNote") == 1  # nobody else managed to add one
