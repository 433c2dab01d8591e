"""Postmaster filters, control headers and spam flags on the running service, over real SMTP and IMAP."""

from __future__ import annotations

import aiosmtplib

from services.ingest.tests.service.admin_api import account_body, admin_client
from services.ingest.tests.service.conftest import RunningIngest, start_ingest
from services.ingest.tests.service.dovecot import Dovecot
from tests.support import wait_until

FINANCE = {
    "name": "Finanzen",
    "position": 10,
    "matches": [{"field": "Subject", "pattern": "spendenquittung"}, {"field": "body", "pattern": r"\bbetrag\b"}],
    "actions": {"queue": "Vorstand::Schatzmeister", "priority": 4, "tags": ["finanzen"]},
}
NEWSLETTER = {
    "name": "Newsletter weg",
    "position": 5,
    "matches": [{"field": "List-Id", "pattern": "angebote"}],
    "actions": {"ignore": True},
}


def mail(subject: str, body: str, *extra: str) -> bytes:
    headers = "".join(f"{line}\r\n" for line in extra)
    return (
        f"From: anna@example.org\r\nTo: info@neudorf.example\r\nSubject: {subject}\r\n{headers}\r\n{body}\r\n"
    ).encode()


async def send(ingest: RunningIngest, raw: bytes) -> None:
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port) as smtp:
        await smtp.sendmail("anna@example.org", ["info@neudorf.example"], raw)


async def test_filters_route_ignore_and_explain(ingest: RunningIngest) -> None:
    async with admin_client(ingest) as http:
        for body in (FINANCE, NEWSLETTER):
            assert (await http.post("/api/v1/ingest/filters", json=body)).status_code == 201
        listed = (await http.get("/api/v1/ingest/filters")).json()
        assert [f["name"] for f in listed] == ["Newsletter weg", "Finanzen"]

    await send(ingest, mail("Angebote der Woche", "Kaufen!", "List-Id: <angebote.example.com>"))
    await send(ingest, mail("Spendenquittung", "Der Betrag war 50 Euro.", "X-OTRS-Queue: Vorstand"))
    ((_, event),) = await ingest.wait_for_events(1)
    assert event.subject == "Spendenquittung"
    assert event.routing is not None
    assert (event.routing.queue, event.routing.priority, event.routing.tags) == (
        "Vorstand::Schatzmeister",
        4,
        ["finanzen"],
    )
    assert [(d.rule, d.name, d.field) for d in event.decisions] == [
        ("stripped", "untrusted source", None),
        ("filter", "Finanzen", "queue"),
        ("filter", "Finanzen", "priority"),
        ("filter", "Finanzen", "tags"),
    ]
    assert "X-OTRS-Queue" in event.decisions[0].detail
    assert all(h.name != "X-OTRS-Queue" for h in event.headers)

    async def ignored() -> list:  # type: ignore[type-arg]
        return [r for r in await ingest.raw_rows() if r.status == "ignored"]

    (row,) = await wait_until(ignored)
    assert row.event_id is None
    assert row.decisions == [
        {"rule": "filter", "name": "Newsletter weg", "field": "ignore", "value": "true", "detail": ""}
    ]
    assert await ingest.outbox_count() == 1

    async with admin_client(ingest) as http:  # the admin's mail log
        ignored_log = (await http.get("/api/v1/ingest/messages", params={"status": "ignored"})).json()
        assert [(m["id"], m["decisions"][0]["name"]) for m in ignored_log] == [(str(row.id), "Newsletter weg")]
        newest = (await http.get("/api/v1/ingest/messages", params={"limit": 1})).json()
        older = (await http.get("/api/v1/ingest/messages", params={"before": newest[0]["received_at"]})).json()
        assert len(newest) == len(older) == 1 and newest[0]["id"] != older[0]["id"]
        assert (await http.get("/api/v1/ingest/messages", params={"limit": 0})).status_code == 422
        assert (await http.get("/api/v1/ingest/messages", params={"status": "nonsense"})).status_code == 422


async def test_spam_flag_routes_to_the_spam_queue(ingest: RunningIngest) -> None:
    await send(ingest, mail("Sie haben gewonnen", "Klicken!", "X-Spam-Flag: YES"))
    ((_, event),) = await ingest.wait_for_events(1)
    assert event.routing is not None and (event.routing.queue, event.routing.spam) == ("Spam", True)
    assert [(d.rule, d.value) for d in event.decisions] == [("spam", "Spam")]


async def test_a_trusted_account_may_steer_with_headers(ingest: RunningIngest, dovecot: Dovecot) -> None:
    dovecot.deliver(mail("Migration", "Alte Post", "X-OTRS-Queue: Materialwart", "X-OTRS-Priority: 2 low"))
    async with admin_client(ingest) as http:
        created = await http.post("/api/v1/ingest/accounts", json=account_body(dovecot, "imap", trusted=True))
        assert created.status_code == 201
    ((_, event),) = await ingest.wait_for_events(1)
    assert event.routing is not None and (event.routing.queue, event.routing.priority) == ("Materialwart", 2)
    assert [(d.rule, d.name, d.value) for d in event.decisions] == [
        ("account", "Vereinspost imap", "Allgemein"),
        ("header", "X-OTRS-Queue", "Materialwart"),
        ("header", "X-OTRS-Priority", "2"),
    ]


async def test_the_filters_api_checks_patterns_and_answers_with_problems(ingest: RunningIngest) -> None:
    async with admin_client(ingest) as http:
        broken = FINANCE | {"matches": [{"field": "Subject", "pattern": "(unclosed"}]}
        answer = await http.post("/api/v1/ingest/filters", json=broken)
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
        assert (await http.post("/api/v1/ingest/filters", json=FINANCE | {"matches": []})).status_code == 422
        created = (await http.post("/api/v1/ingest/filters", json=FINANCE)).json()
        assert (await http.post("/api/v1/ingest/filters", json=FINANCE)).status_code == 409
        url = f"/api/v1/ingest/filters/{created['id']}"
        changed = await http.patch(url, json={"enabled": False, "position": 1})
        assert (changed.json()["enabled"], changed.json()["position"]) == (False, 1)
        assert (await http.patch("/api/v1/ingest/filters/999", json={"stop": True})).status_code == 404
        assert (await http.delete(url)).status_code == 204
        assert (await http.get(url)).status_code == 404
    async with admin_client(ingest, admin=False) as http:
        assert (await http.get("/api/v1/ingest/filters")).status_code == 403


async def test_smtp_marked_trusted_may_steer_with_headers(pg_url: str) -> None:
    runtime, ingest = await start_ingest(pg_url, smtp_trusted=True)
    try:
        await send(ingest, mail("Vom Relay", "x", "X-Umlauf-Queue: Vorstand", "X-Umlauf-Tags: a, b"))
        ((_, event),) = await ingest.wait_for_events(1)
        assert event.routing is not None and (event.routing.queue, event.routing.tags) == ("Vorstand", ["a", "b"])
        assert [d.rule for d in event.decisions] == ["header", "header"]
        assert any(h.name == "X-Umlauf-Queue" for h in event.headers)
    finally:
        await runtime.stop()
