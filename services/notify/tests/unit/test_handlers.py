"""Notify built by ``bootstrap`` on the in-memory unit of work and a fake transport.

Queueing from each event, loop protection, the rate limit, repeats, and the sender's step.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest

from services.notify.bootstrap import Notify, bootstrap
from services.notify.domain.delivery import DeliveryFailed
from services.notify.settings import NotifySettings
from services.notify.tests.events import article_added, outbound, reminder, ticket_created
from services.notify.tests.unit.fakes import FakeNotifyUnitOfWork, FakeTransport, MailLogState, fake_store
from shared.contracts import new_event
from shared.contracts.tickets import MailRequestedV1
from shared.tests.fake_unit_of_work import FakeStore

SETTINGS = {
    "auto_replies_per_day": 2,
    "notification_from": "umlauf@neudorf.example",
    "own_addresses": ["info@neudorf.example"],
    "retry_base_seconds": 0.001,
    "retry_max_delay_seconds": 0.001,
}


@pytest.fixture
def store() -> FakeStore[MailLogState]:
    return fake_store()


@pytest.fixture
def transport() -> FakeTransport:
    return FakeTransport()


@pytest.fixture
def notify(store, transport) -> Notify:
    return bootstrap(lambda: FakeNotifyUnitOfWork(store), transport, NotifySettings(**SETTINGS))


def rows(store: FakeStore[MailLogState]) -> list[dict]:
    return sorted(store.state.rows.values(), key=lambda row: (row["ticket_id"] or 0, row["purpose"]))


async def test_a_created_ticket_queues_its_auto_reply_and_wakes_the_sender(store, notify) -> None:
    await notify.handlers.handle(ticket_created(1))
    [row] = rows(store)
    assert (row["purpose"], row["status"], row["ticket_id"], row["to"]) == (
        "auto_reply",
        "queued",
        1,
        ["donor@example.org"],
    )
    assert row["envelope_from"] == "" and row["recipients"] == ["donor@example.org"]  # null sender (RFC 3834)
    message = message_from_bytes(row["raw"], policy=policy.default)
    assert message["Auto-Submitted"] == "auto-replied"
    assert notify.sender.wake_up.is_set()
    assert store.outbox == []  # queued, not yet sent: nothing to report


async def test_an_article_queues_its_mail_and_its_auto_reply(store, notify) -> None:
    envelope = article_added(1, 2)
    with_reply = ticket_created(1).data["auto_reply"]
    data = {**envelope.data, "auto_reply": with_reply}
    await notify.handlers.handle(envelope.model_copy(update={"data": data}))
    assert [(r["purpose"], r["article_id"], r["status"]) for r in rows(store)] == [
        ("article", 2, "queued"),
        ("auto_reply", 2, "queued"),
    ]


async def test_a_reminder_goes_to_the_owner_and_a_ticket_without_owner_sends_nothing(store, notify) -> None:
    event = reminder()
    await notify.handlers.handle(event)
    await notify.handlers.handle(reminder(owner_email=None))
    [row] = rows(store)
    assert (row["purpose"], row["to"], row["envelope_from"]) == (
        "notification",
        ["vorstand@mitglieder.neudorf.example"],
        "umlauf@neudorf.example",
    )
    assert row["message_id"] == f"<reminder.{event.id}@neudorf.example>"
    assert store.commits == 2  # both events claimed


async def test_an_account_mail_is_queued_without_a_ticket(store, notify) -> None:
    mail = outbound(
        "vorstand@mitglieder.neudorf.example", message_id="<reset.1@neudorf.example>", subject="Password reset"
    )
    await notify.handlers.handle(new_event(MailRequestedV1(mail=mail, purpose="password_reset"), source="tickets"))
    [row] = rows(store)
    assert (row["purpose"], row["ticket_id"], row["queue_id"], row["status"]) == ("account", None, None, "queued")


@pytest.mark.parametrize(
    ("flags", "reason"),
    [
        ({"auto_submitted": True}, "auto_submitted"),
        ({"is_bounce": True}, "bounce"),
        ({"is_list": True}, "list"),
        ({"x_loop": ["umlauf"]}, "x_loop"),
        ({"sender": "mailer-daemon@example.org"}, "bounce"),
        ({"sender": "info@neudorf.example"}, "own_address"),
    ],
)
async def test_loop_protection_suppresses_the_auto_reply_and_reports_nothing(store, notify, flags, reason) -> None:
    await notify.handlers.handle(ticket_created(1, **flags))
    [row] = rows(store)
    assert (row["status"], row["last_error"], row["raw"], row["next_attempt_at"]) == ("suppressed", reason, None, None)
    assert store.outbox == []


async def test_auto_replies_per_sender_are_counted_per_day(store, notify) -> None:
    """A customer who opens a second ticket within the hour still learns its number; the third is held."""
    for ticket_id, sender in enumerate(
        ["donor@example.org", "Donor@Example.org", "donor@example.org", "someone.else@example.org"], start=1
    ):
        await notify.handlers.handle(ticket_created(ticket_id, sender=sender))
    assert [(r["ticket_id"], r["status"], r["last_error"]) for r in rows(store)] == [
        (1, "queued", None),
        (2, "queued", None),
        (3, "suppressed", "rate_limited"),
        (4, "queued", None),
    ]
    today = datetime.now(UTC).date()
    assert store.state.auto_replies == {("donor@example.org", today): 2, ("someone.else@example.org", today): 1}


async def test_yesterdays_auto_replies_do_not_count_today(store, notify) -> None:
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    store.state.auto_replies[("donor@example.org", yesterday)] = 2
    await notify.handlers.handle(ticket_created(1, sender="donor@example.org"))
    assert [(r["status"], r["last_error"]) for r in rows(store)] == [("queued", None)]


async def test_a_reply_held_back_by_loop_protection_keeps_its_reason_and_uses_no_count(store, notify) -> None:
    await notify.handlers.handle(ticket_created(1, sender="donor@example.org", auto_submitted=True))
    await notify.handlers.handle(ticket_created(2, sender="donor@example.org", is_list=True))
    await notify.handlers.handle(ticket_created(3, sender="donor@example.org"))
    await notify.handlers.handle(ticket_created(4, sender="donor@example.org"))
    assert [(r["ticket_id"], r["status"], r["last_error"]) for r in rows(store)] == [
        (1, "suppressed", "auto_submitted"),
        (2, "suppressed", "list"),
        (3, "queued", None),
        (4, "queued", None),
    ]


async def test_a_mail_that_cannot_be_built_fails_at_once_with_a_final_event(store, notify) -> None:
    await notify.handlers.handle(article_added(1, 2, mail=outbound("not an address")))
    [row] = rows(store)
    assert row["status"] == "failed" and row["last_error"].startswith("invalid mail")
    [failed] = store.published("notify.mail.failed")
    assert (failed.data["final"], failed.data["attempts"], failed.data["transport"]) == (True, 0, "none")


async def test_a_repeated_event_queues_one_mail(store, notify) -> None:
    envelope = article_added(1, 2)
    await notify.handlers.handle(envelope)
    await notify.handlers.handle(envelope)
    assert len(rows(store)) == 1 and store.commits == 1


async def test_the_sender_delivers_due_mail_and_reports_it(store, notify, transport) -> None:
    await notify.handlers.handle(article_added(1, 2))
    assert await notify.sender.send_due() == 1
    [(sender, recipients, raw)] = transport.sent
    assert (sender, recipients) == ("info@neudorf.example", ["donor@example.org"])
    [row] = rows(store)
    assert raw == row["raw"]
    assert (row["status"], row["attempts"], row["transport"], row["next_attempt_at"]) == ("sent", 1, "fake", None)
    [sent] = store.published("notify.mail.sent")
    assert sent.data["mail_id"] == str(row["id"]) and sent.data["ticket_id"] == 1
    assert await notify.sender.send_due() == 0  # sent mail is not taken again


async def test_a_temporary_failure_is_retried_and_a_permanent_one_is_final(store, notify, transport) -> None:
    transport.failures = [
        DeliveryFailed("451 4.3.0 try later", temporary=True),
        DeliveryFailed("550 no", temporary=False),
    ]
    await notify.handlers.handle(article_added(1, 2))

    assert await notify.sender.send_due() == 1
    [row] = rows(store)
    assert (row["status"], row["attempts"], row["last_error"]) == ("deferred", 1, "451 4.3.0 try later")
    await asyncio.sleep(0.01)  # past the (tiny) retry delay
    assert await notify.sender.send_due() == 1
    [row] = rows(store)
    assert (row["status"], row["attempts"], row["next_attempt_at"]) == ("failed", 2, None)
    assert [e.data["final"] for e in store.published("notify.mail.failed")] == [False, True]
    assert transport.sent == []
