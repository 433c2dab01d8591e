"""Several replicas on one PostgreSQL database: the rate limit and the sending are shared safely."""

from __future__ import annotations

import asyncio

from services.notify.tests.events import article_added, outbound, ticket_created
from tests.support import wait_until


async def test_concurrent_tickets_from_one_sender_get_no_more_than_the_days_count(
    pg_url, start_notify, smtp_sink
) -> None:
    _, port = smtp_sink
    replicas = [await start_notify(pg_url, relay_port=port, auto_replies_per_day=1) for _ in range(2)]

    await asyncio.gather(*(replicas[n % 2].handle(ticket_created(n, sender="donor@example.org")) for n in range(1, 11)))

    rows = await replicas[0].mails()
    assert sorted(r["status"] for r in rows).count("suppressed") == 9
    assert [r["last_error"] for r in rows if r["status"] == "suppressed"] == ["rate_limited"] * 9


async def test_two_senders_deliver_every_mail_exactly_once(pg_url, start_notify, smtp_sink) -> None:
    sink, port = smtp_sink
    first = await start_notify(pg_url, relay_port=port)
    await start_notify(pg_url, relay_port=port)  # a second replica, its sender running too

    for n in range(1, 31):
        await first.handle(article_added(n, n * 10, mail=outbound(message_id=f"<reply.{n}@neudorf.example>")))

    async def all_sent() -> bool:
        return [r["status"] for r in await first.mails()] == ["sent"] * 30

    await wait_until(all_sent, within=20)
    await asyncio.sleep(0.3)
    ids = sorted(raw.split(b"Message-ID: ")[1].split(b"\r\n")[0] for _, _, raw in sink.received)
    assert len(ids) == 30 and len(set(ids)) == 30
    assert [e.type for e in await first.events()] == ["notify.mail.sent"] * 30
