"""``ticket.reminder.reached`` → one notification to the owner, over a real SMTP sink (PostgreSQL)."""

from __future__ import annotations

import asyncio
from email import message_from_bytes, policy

from services.notify.tests.events import reminder
from tests.support import wait_until


async def test_the_owner_gets_one_auto_generated_reminder(pg_url, start_notify, smtp_sink) -> None:
    sink, port = smtp_sink
    notify = await start_notify(pg_url, relay_port=port, notification_from="umlauf@neudorf.example")
    event = reminder()

    await notify.handle(event)
    await notify.handle(event)  # redelivered: still one mail

    await wait_until(lambda: len(sink.received) == 1, within=10)
    await asyncio.sleep(0.3)
    [(mail_from, rcpt_tos, raw)] = sink.received
    assert (mail_from, rcpt_tos) == ("umlauf@neudorf.example", ["vorstand@mitglieder.neudorf.example"])
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == "[Ticket#2026112810000071] Erinnerung: Vorstandssitzung"
    assert message["Message-ID"] == f"<reminder.{event.id}@neudorf.example>"
    [row] = await notify.mails()
    assert (row["purpose"], row["ticket_id"], row["article_id"]) == ("notification", 7, None)


async def test_a_ticket_without_owner_address_sends_nothing(pg_url, start_notify, smtp_sink) -> None:
    sink, port = smtp_sink
    notify = await start_notify(pg_url, relay_port=port)
    await notify.handle(reminder(owner_email=None))
    await asyncio.sleep(0.3)
    assert sink.received == [] and await notify.mails() == []
