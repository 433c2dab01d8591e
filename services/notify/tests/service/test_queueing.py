"""From ticket event to mail log and var/outbox, on SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from sqlalchemy import insert, select

from services.notify.adapters.orm import auto_reply_counts
from services.notify.tests.events import article_added, outbound, ticket_created
from tests.support import wait_until


async def _settled(notify, count: int) -> list[dict]:  # type: ignore[no-untyped-def]
    async def check() -> list[dict] | None:
        rows = await notify.mails()
        done = [r for r in rows if r["status"] not in ("queued", "deferred")]
        return rows if len(rows) == count and len(done) == count else None

    return await wait_until(check, within=10)


def _eml_files(tmp_path):  # type: ignore[no-untyped-def]
    directory = tmp_path / "var" / "outbox"
    return sorted(directory.iterdir()) if directory.exists() else []


async def test_without_a_relay_the_mail_is_written_as_a_parseable_eml(any_db_url, start_notify, tmp_path) -> None:
    notify = await start_notify(any_db_url)

    await notify.handle(ticket_created())

    [row] = await _settled(notify, 1)
    assert row["status"] == "sent" and row["transport"] == "file"
    [eml] = _eml_files(tmp_path)
    assert eml.name.endswith(f"-{row['id']}.eml") and eml.name == row["server_reply"]
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Message-ID"] == "<auto.1@neudorf.example>"
    assert message["To"].addresses[0].addr_spec == "donor@example.org"
    assert message["From"].addresses[0].display_name == "SV Neudorf"
    assert message["Subject"] == "[Ticket#2026112810000011] Basketballkorb"
    assert message["Auto-Submitted"] == "auto-replied" and message["X-Auto-Response-Suppress"] == "All"
    assert message["References"] == "<donor.1@example.org>"
    [event] = await notify.events()
    assert event.type == "notify.mail.sent" and event.data["transport"] == "file"


async def test_auto_replies_per_sender_and_day_are_limited(any_db_url, start_notify, tmp_path) -> None:
    notify = await start_notify(any_db_url, auto_replies_per_day=2)

    await notify.handle(ticket_created(1, sender="donor@example.org"))
    await notify.handle(ticket_created(2, sender="Donor@Example.org"))
    await notify.handle(ticket_created(3, sender="donor@example.org"))
    await notify.handle(ticket_created(4, sender="someone.else@example.org"))

    rows = await _settled(notify, 4)
    assert [(r["ticket_id"], r["status"], r["last_error"]) for r in rows] == [
        (1, "sent", None),
        (2, "sent", None),  # a second ticket within the hour still gets its number
        (3, "suppressed", "rate_limited"),
        (4, "sent", None),
    ]
    assert len(_eml_files(tmp_path)) == 3
    assert [e.type for e in await notify.events()] == ["notify.mail.sent"] * 3


async def test_on_a_new_day_the_count_starts_again_and_old_days_are_dropped(any_db_url, start_notify) -> None:
    notify = await start_notify(any_db_url, auto_replies_per_day=2)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    async with notify.service.database.sessions() as session, session.begin():
        await session.execute(insert(auto_reply_counts).values(address="donor@example.org", day=yesterday, sent=2))

    await notify.handle(ticket_created(1, sender="donor@example.org"))

    assert [r["status"] for r in await _settled(notify, 1)] == ["sent"]
    async with notify.service.database.sessions() as session:
        counts = (await session.execute(select(auto_reply_counts))).mappings().all()
    assert [(c["address"], c["day"], c["sent"]) for c in counts] == [("donor@example.org", datetime.now(UTC).date(), 1)]


async def test_loop_protection_suppresses_and_logs_the_reason(any_db_url, start_notify, tmp_path) -> None:
    notify = await start_notify(any_db_url, x_loop="umlauf@neudorf.example", own_addresses="kasse@neudorf.example")

    await notify.handle(ticket_created(1, auto_submitted=True))
    await notify.handle(ticket_created(2, sender=""))
    await notify.handle(ticket_created(3, is_list=True))
    await notify.handle(ticket_created(4, x_loop=["umlauf@neudorf.example"]))
    await notify.handle(ticket_created(5, sender="kasse@neudorf.example"))
    await notify.handle(ticket_created(6, sender="info@neudorf.example"))

    rows = await _settled(notify, 6)
    assert [(r["status"], r["last_error"]) for r in rows] == [
        ("suppressed", "auto_submitted"),
        ("suppressed", "bounce"),
        ("suppressed", "list"),
        ("suppressed", "x_loop"),
        ("suppressed", "own_address"),
        ("suppressed", "own_address"),
    ]
    assert all(r["raw"] is None for r in rows)
    assert _eml_files(tmp_path) == []
    assert await notify.events() == []


async def test_a_suppressed_auto_reply_does_not_use_up_the_rate_limit(any_db_url, start_notify) -> None:
    notify = await start_notify(any_db_url)

    await notify.handle(ticket_created(1, auto_submitted=True))
    await notify.handle(ticket_created(2))

    assert [r["status"] for r in await _settled(notify, 2)] == ["suppressed", "sent"]


async def test_the_same_event_twice_queues_one_mail(any_db_url, start_notify, tmp_path) -> None:
    notify = await start_notify(any_db_url)
    event = article_added()

    await notify.handle(event)
    await notify.handle(event)

    [row] = await _settled(notify, 1)
    await asyncio.sleep(0.2)
    assert row["status"] == "sent" and len(_eml_files(tmp_path)) == 1


async def test_an_unbuildable_mail_fails_at_once_with_a_final_event(any_db_url, start_notify, tmp_path) -> None:
    notify = await start_notify(any_db_url)

    await notify.handle(article_added(mail=outbound("donor@example.org\r\nBcc: victim@evil.example")))

    [row] = await _settled(notify, 1)
    assert row["status"] == "failed" and row["last_error"].startswith("invalid mail")
    [event] = await notify.events()
    assert event.type == "notify.mail.failed" and event.data["final"] is True
    assert _eml_files(tmp_path) == []
