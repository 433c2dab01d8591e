"""Nobody sees what is not theirs: every route of the public API document ×
{anonymous, an agent without the queue's group, an agent with ``ro`` only,
customer A, customer B of another company} against a foreign ticket, its article
and its attachment. Zero unexpected 2xx, and no 2xx body that betrays the ticket.

The routes come from the gateway's OpenAPI document, so a new route is covered
without editing this test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.authz.requests_from_openapi import Call, Target, calls
from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail, send
from tests.support import wait_until

# Every route for every role: minutes on two busy cores.
pytestmark = pytest.mark.timeout(900)

SECRET = "Zebrafink"
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


@dataclass(frozen=True)
class Scenario:
    queue: str
    address: str
    callers: list[tuple[str, str, str | None, bool]]
    betraying: tuple[str, ...]
    """Words besides number, secret and file name that only the foreign ticket's queue shows."""


async def _foreign_ticket(system: Embedded, scenario: Scenario) -> Target:
    mail = donation_mail(
        subject=f"Kontoauszug {SECRET}",
        sender="mitglied@example.org",
        to=scenario.address,
        body=f"Vertraulich: das Kennwort ist {SECRET}kasse.",
    )
    mail.add_attachment(b"%PDF-1.4 secret", maintype="application", subtype="pdf", filename=ATTACHMENT)
    await send(mail, system.smtp_port)
    async with system.api() as admin:
        queues = (await admin.get("/queues")).json()["items"]
        queue_id = next(q["id"] for q in queues if q["name"] == scenario.queue)

        async def find() -> str | None:
            items = (await admin.get("/tickets", params={"queue": queue_id})).json()["items"]
            return next((i["number"] for i in items if SECRET in i["title"]), None)

        number = await wait_until(find, within=20)
        article = (await admin.get(f"/tickets/{number}")).json()["articles"][0]
    return Target(number, article["id"], article["attachments"][0]["id"], queue_id, scenario.queue)


async def _client(system: Embedded, kind: str, login: str | None) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=system.url, timeout=30)
    if login is None:
        return client
    path = "/api/v1/customer/auth/login" if kind == "customer" else "/api/v1/auth/login"
    response = await client.post(path, json={"login": login, "password": f"neudorf-{login}"})
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['token']}"
    return client


def _betrays(body: str, target: Target, words: tuple[str, ...]) -> bool:
    return any(word in body for word in (target.number, SECRET, ATTACHMENT, *words))


def _unexpected(
    call: Call, response: httpx.Response, target: Target, may_read: bool, words: tuple[str, ...]
) -> str | None:
    """Why this answer is a leak or an unauthorized change, or None when it is fine."""
    if not response.is_success:
        return None
    if call.path.startswith(SELF_SERVICE) and not call.touches_target:
        return None
    if call.method != "GET":
        if may_read and call.path.endswith(READER_ACTIONS):
            return None
        if call.path in CUSTOMER_OWN and not _betrays(response.text, target, words):
            return None
        if call.path.endswith("/bulk"):
            statuses = [item["status"] for item in response.json().get("items", [])]
            return f"bulk changed the ticket: {statuses}" if any(200 <= s < 300 for s in statuses) else None
        return f"{response.status_code} on a change"
    if may_read:
        return None
    if call.touches_target:
        return f"{response.status_code} on the foreign ticket"
    if _betrays(response.text, target, words):
        return "the answer mentions the foreign ticket"
    return None


ANONYMOUS = ("anonymous", "agent", None, False)
CUSTOMERS = [
    ("customer A", "customer", "spender", False),
    ("customer B of another company", "customer", "baeckerei", False),
]
TREASURER = Scenario(
    "Vorstand::Schatzmeister",
    "kasse@neudorf.example",
    [
        ANONYMOUS,
        ("agent without the queue's group", "agent", "jugend", False),
        ("agent with ro only", "agent", "kassenpruefer", True),
        *CUSTOMERS,
    ],
    ("Schatzmeister",),
)
BOARD = Scenario(
    "Vorstand",
    "vorstand@neudorf.example",
    [ANONYMOUS, ("the bookkeeper", "agent", "buchhaltung", False), *CUSTOMERS],
    ('"Vorstand"',),  # the queue itself; "Vorstand::Schatzmeister" is hers to see
)


@pytest.mark.parametrize("scenario", [TREASURER, BOARD], ids=["treasurer's ticket", "board ticket"])
async def test_nobody_sees_or_changes_what_is_not_theirs(system: Embedded, scenario: Scenario) -> None:
    target = await _foreign_ticket(system, scenario)
    async with httpx.AsyncClient(base_url=system.url, timeout=30) as anonymous:
        document = (await anonymous.get("/api/v1/openapi.json")).json()
    planned = calls(document, target)
    assert len(planned) > 30, "the API document lists too few operations to be the real one"

    findings: list[str] = []
    checked = 0
    for label, kind, login, may_read in scenario.callers:
        client = await _client(system, kind, login)
        try:
            for call in planned:
                if call.path.endswith("/logout"):
                    continue  # would end the caller's own session, nothing to do with the ticket
                response = await client.request(call.method, call.url, params=call.params, json=call.body)
                checked += 1
                assert response.status_code < 500, f"{call.method} {call.url}: {response.status_code} {response.text}"
                if why := _unexpected(call, response, target, may_read, scenario.betraying):
                    findings.append(f"{label}: {call.method} {call.path} → {why}")
        finally:
            await client.aclose()
    assert not findings, "\n".join(findings)
    assert checked >= len(scenario.callers) * 30
    if scenario is TREASURER:
        await _entitled_callers_succeed(system, target)


async def _entitled_callers_succeed(system: Embedded, target: Target) -> None:
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


async def test_the_bookkeeper_does_not_learn_of_a_linked_board_ticket(system: Embedded) -> None:
    async with system.api() as admin:
        await send(donation_mail(subject="Quittung Linkprobe", to="kasse@neudorf.example"), system.smtp_port)
        await send(donation_mail(subject="Vorstandsklausur Linkprobe", to="vorstand@neudorf.example"), system.smtp_port)

        async def numbers() -> dict[str, str] | None:
            items = (await admin.get("/tickets", params={"q": "Linkprobe"})).json()["items"]
            found = {item["queue"]: item["number"] for item in items}
            return found if len(found) == 2 else None

        found = await wait_until(numbers, within=20)
        receipt, board = found["Vorstand::Schatzmeister"], found["Vorstand"]
        linked = await admin.post(f"/tickets/{receipt}/link", json={"number": board})
        assert linked.status_code == 200, linked.text
        assert board in (await admin.get(f"/tickets/{receipt}")).text  # the admin sees the link

    bookkeeper = await _client(system, "agent", "buchhaltung")
    try:
        ticket = await bookkeeper.get(f"/api/v1/tickets/{receipt}")
        assert ticket.status_code == 200 and ticket.json()["links"] == []
        assert board not in ticket.text and "Vorstandsklausur" not in ticket.text
        history = await bookkeeper.get(f"/api/v1/tickets/{receipt}/history")
        assert history.status_code == 200 and board not in history.text
        search = await bookkeeper.get("/api/v1/tickets", params={"q": "Linkprobe"})
        assert [item["number"] for item in search.json()["items"]] == [receipt] and search.json()["total"] == 1
    finally:
        await bookkeeper.aclose()
