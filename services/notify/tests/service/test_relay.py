"""Delivery through a real SMTP relay (an aiosmtpd sink on a free port) and PostgreSQL."""

from __future__ import annotations

import asyncio
from email import message_from_bytes, policy

from services.notify.tests.events import article_added, outbound, ticket_created
from tests.support import free_port, wait_until


async def _status(notify, status: str) -> dict:  # type: ignore[no-untyped-def]
    async def check() -> dict | None:
        rows = await notify.mails()
        return rows[0] if rows and rows[0]["status"] == status else None

    return await wait_until(check, within=10)


async def test_451_twice_then_250_delivers_once_after_two_deferrals(pg_url, start_notify, smtp_sink) -> None:
    sink, port = smtp_sink
    sink.script = ["451 4.3.0 try again later", "451 4.3.0 try again later"]
    notify = await start_notify(pg_url, relay_port=port)

    await notify.handle(article_added())

    row = await _status(notify, "sent")
    await asyncio.sleep(0.3)  # nothing more may arrive
    assert len(sink.received) == 1 and sink.attempts == 3
    mail_from, rcpt_tos, raw = sink.received[0]
    assert mail_from == "info@neudorf.example" and rcpt_tos == ["donor@example.org"]
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Message-ID"] == "<reply.1@neudorf.example>"
    assert message["Auto-Submitted"] is None
    assert row["attempts"] == 3 and row["transport"] == "smtp" and "queued as 42" in row["server_reply"]

    events = await notify.events()
    assert [(e.type, e.data.get("final")) for e in events] == [
        ("notify.mail.failed", False),
        ("notify.mail.failed", False),
        ("notify.mail.sent", None),
    ]
    assert events[0].data["error"].startswith("451") and events[1].data["attempts"] == 2
    sent = events[2].data
    assert (sent["ticket_id"], sent["article_id"], sent["message_id"]) == (1, 2, "<reply.1@neudorf.example>")
    assert sent["purpose"] == "article" and sent["transport"] == "smtp"


async def test_a_5xx_reply_fails_for_good_at_once(pg_url, start_notify, smtp_sink) -> None:
    sink, port = smtp_sink
    sink.script = ["550 5.1.1 no such user"]
    notify = await start_notify(pg_url, relay_port=port)

    await notify.handle(article_added())

    row = await _status(notify, "failed")
    await asyncio.sleep(0.3)
    assert sink.attempts == 1 and sink.received == []
    assert row["attempts"] == 1 and row["last_error"].startswith("550")
    [event] = await notify.events()
    assert event.type == "notify.mail.failed" and event.data["final"] is True


async def test_an_unreachable_relay_is_retried_until_the_give_up_time(any_db_url, start_notify) -> None:
    notify = await start_notify(any_db_url, relay_port=free_port(), give_up_after_seconds=0.5)

    await notify.handle(article_added())

    row = await _status(notify, "failed")
    assert row["attempts"] >= 2 and row["last_error"].startswith("connection")
    events = await notify.events()
    assert all(e.type == "notify.mail.failed" for e in events)
    assert [e.data["final"] for e in events] == [False] * (len(events) - 1) + [True]


async def test_auto_replies_leave_with_the_null_sender_and_loop_headers(pg_url, start_notify, smtp_sink) -> None:
    sink, port = smtp_sink
    notify = await start_notify(pg_url, relay_port=port, x_loop="umlauf@neudorf.example")

    await notify.handle(ticket_created())

    await _status(notify, "sent")
    [(mail_from, rcpt_tos, raw)] = sink.received
    assert mail_from == "<>" and rcpt_tos == ["donor@example.org"]
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["X-Loop"] == "umlauf@neudorf.example"
    assert message["X-Auto-Response-Suppress"] == "All"
    assert message["In-Reply-To"] == "<donor.1@example.org>"


async def test_cc_and_bcc_are_envelope_recipients(pg_url, start_notify, smtp_sink) -> None:
    sink, port = smtp_sink
    notify = await start_notify(pg_url, relay_port=port)

    await notify.handle(article_added(mail=outbound(cc=["fussball@neudorf.example"], bcc=["vorstand@neudorf.example"])))

    await _status(notify, "sent")
    [(_, rcpt_tos, raw)] = sink.received
    assert rcpt_tos == ["donor@example.org", "fussball@neudorf.example", "vorstand@neudorf.example"]
    assert b"vorstand@neudorf.example" not in raw
