"""Forwarding an article by email through the HTTP API, on PostgreSQL."""

from __future__ import annotations

import base64

from services.tickets.tests.service.conftest import PROBLEM, login, mail, outbox_events, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.contracts.common import Attachment

RECEIPT = b"%PDF-1.4 Angebot Basketballkorb"


async def _number(client, headers, queue="Allgemein") -> str:
    [summary] = (await client.get(f"/api/v1/tickets?queue={queue}", headers=headers)).json()["items"]
    return summary["number"]


async def test_forward_sends_the_article_with_its_attachments(client, service, database, neudorf):
    offer = Attachment(
        filename="angebot.pdf",
        content_type="application/pdf",
        size=len(RECEIPT),
        content_b64=base64.b64encode(RECEIPT).decode(),
    )
    await service.handlers.handle(mail(attachments=[offer]))
    empfang = await login(client, "empfang")
    number = await _number(client, empfang)

    forwarded = await client.post(
        f"/api/v1/tickets/{number}/forward",
        headers=empfang,
        json={"to": ["haendler@example.com"], "cc": ["kasse@neudorf.example"], "body_text": "Bitte prüfen."},
    )
    assert forwarded.status_code == 200, forwarded.text
    body = forwarded.json()
    sent = body["articles"][-1]
    assert (sent["sender_type"], sent["channel"], sent["visible_for_customer"]) == ("agent", "email", False)
    assert sent["subject"] == f"[Ticket#{number}] Fwd: Spende: ein Basketballkorb"
    assert body["locked"] is False and body["state"] == "new"  # a forward is no answer to the customer

    added = (await outbox_events(database))[-1]
    out = added.data["outbound_mail"]
    assert added.type == "ticket.article.added" and added.data["article_id"] == sent["id"]
    assert out["to"] == ["haendler@example.com"] and out["cc"] == ["kasse@neudorf.example"]
    assert out["body_text"].startswith("Bitte prüfen.") and "Ich möchte dem Verein" in out["body_text"]
    assert "From: spender@example.org" in out["body_text"]
    [file] = out["attachments"]
    assert (file["filename"], base64.b64decode(file["content_b64"])) == ("angebot.pdf", RECEIPT)
    history = (await client.get(f"/api/v1/tickets/{number}/history", headers=empfang)).json()
    assert history[-1]["type"] == "Forward" and "haendler@example.com" in history[-1]["note"]

    # The customer does not see the forward in the portal's data: the article is internal.
    [article] = await rows(database, ticket_tables.articles, ticket_tables.articles.c.id == sent["id"])
    assert article.visible_for_customer is False


async def test_forward_a_chosen_article_and_the_errors(client, service, database, neudorf):
    await service.handlers.handle(mail())
    empfang = await login(client, "empfang")
    number = await _number(client, empfang)
    url = f"/api/v1/tickets/{number}/forward"
    await client.post(f"/api/v1/tickets/{number}/notes", headers=empfang, json={"body_text": "intern"})
    first = (await client.get(f"/api/v1/tickets/{number}", headers=empfang)).json()["articles"][0]

    chosen = await client.post(url, headers=empfang, json={"to": ["a@example.com"], "article_id": first["id"]})
    assert chosen.status_code == 200, chosen.text
    assert "Ich möchte dem Verein" in (await outbox_events(database))[-1].data["outbound_mail"]["body_text"]

    missing = await client.post(url, headers=empfang, json={"to": ["a@example.com"], "article_id": 10**9})
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    no_recipient = await client.post(url, headers=empfang, json={"to": []})
    assert no_recipient.status_code == 422


async def test_forward_needs_rw(client, service, neudorf):
    await service.handlers.handle(mail(to=["presse@neudorf.example"]))
    jugend = await login(client, "jugend")  # ro and note on Presse
    number = await _number(client, jugend, "Öffentlichkeitsarbeit::Presse")
    denied = await client.post(f"/api/v1/tickets/{number}/forward", headers=jugend, json={"to": ["a@example.com"]})
    assert denied.status_code == 403 and denied.headers["content-type"] == PROBLEM
