"""Bounces (DSN, RFC 3464) of our own mail, built with the standard library as an MTA sends them (PostgreSQL)."""

from __future__ import annotations

import base64

from services.tickets.admin import load_demo
from services.tickets.tests.service.conftest import login, mail, outbox_events, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.contracts.common import Attachment

DSN_TEXT = (
    "This is the mail system at host mx.example.org.\n\n"
    "I'm sorry to have to inform you that your message could not be delivered.\n\n"
    "Reporting-MTA: dns; mx.example.org\n"
    "Final-Recipient: rfc822; spender@example.org\n"
    "Action: failed\nStatus: 5.1.1\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <spender@example.org>: Recipient address rejected\n"
)


def bounce(original_message_id: str, **fields):  # type: ignore[no-untyped-def]
    headers = f"From: info@neudorf.example\r\nTo: spender@example.org\r\nMessage-ID: {original_message_id}\r\n\r\n"
    returned = Attachment(
        filename="headers.txt",
        content_type="text/rfc822-headers",
        size=len(headers),
        content_b64=base64.b64encode(headers.encode()).decode(),
    )
    values = {
        "envelope_from": "",
        "from_address": "MAILER-DAEMON@mx.example.org",
        "subject": "Undelivered Mail Returned to Sender",
        "message_id": "<bounce.1@mx.example.org>",
        "text_body": DSN_TEXT,
        "is_bounce": True,
        "auto_submitted": True,
        "attachments": [returned],
    }
    return mail(**{**values, **fields})


async def _reply(client, service, database) -> dict:  # type: ignore[no-untyped-def]
    await service.handlers.handle(mail())
    [ticket] = await rows(database, ticket_tables.tickets)
    empfang = await login(client, "empfang")
    response = await client.post(
        f"/api/v1/tickets/{ticket.number}/reply", headers=empfang, json={"body_text": "Danke!"}
    )
    assert response.status_code == 200, response.text
    return response.json()["articles"][-1]


async def test_a_bounce_of_our_reply_lands_on_its_ticket_and_marks_it_failed(client, service, database, settings):
    await load_demo(database, settings)
    sent = await _reply(client, service, database)
    before = len(await outbox_events(database))

    await service.handlers.handle(bounce(sent["message_id"]))

    assert len(await rows(database, ticket_tables.tickets)) == 1
    [article] = await rows(database, ticket_tables.articles, ticket_tables.articles.c.id == sent["id"])
    assert article.delivery_status == "failed" and "550 5.1.1" in article.delivery_detail
    [kept] = await rows(
        database, ticket_tables.articles, ticket_tables.articles.c.message_id == "<bounce.1@mx.example.org>"
    )
    assert (kept.sender_type, kept.visible_for_customer) == ("system", False)
    [added] = (await outbox_events(database))[before:]
    assert added.type == "ticket.article.added" and added.data["auto_reply"] is None
    notes = [h.note for h in await rows(database, ticket_tables.history) if h.type == "SystemRouting"]
    assert notes[-1].startswith(f"Bounce of our mail {sent['message_id']}: delivery failed")


async def test_a_bounce_of_our_auto_reply_is_attached_without_reopening(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(mail())
    [created] = await outbox_events(database)
    await service.handlers.handle(bounce(created.data["auto_reply"]["mail"]["message_id"]))
    assert len(await rows(database, ticket_tables.tickets)) == 1
    assert len(await rows(database, ticket_tables.articles)) == 2


async def test_a_bounce_of_no_mail_of_ours_is_a_flagged_ticket_without_auto_reply(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(bounce("<never-sent@elsewhere.example>"))
    [created] = await outbox_events(database)
    assert (created.type, created.data["auto_reply"]) == ("ticket.created", None)
    notes = [h.note for h in await rows(database, ticket_tables.history) if h.type == "SystemRouting"]
    assert notes[0] == f"Bounce of no mail we know: kept in {created.data['queue']} for review, no auto-response."
