"""A claimed batch is published concurrently across keys, in order within a key (PostgreSQL; one on RabbitMQ)."""

from __future__ import annotations

import asyncio
import uuid

import aio_pika

from shared.bus import StoredEvent, Subscription
from shared.db import Database
from shared.envelope import Envelope
from shared.outbox import OutboxRelay
from shared.rabbit import RabbitBus
from shared.settings import Settings
from shared.tests.toy import Toy, event
from tests.support import wait_until


def keyed(key: str | None, n: int) -> Envelope:
    return Envelope(
        type="toy.happened", version=1, source="toy", correlation_id=uuid.uuid4(), key=key, sequence=n, data={"n": n}
    )


async def test_one_failed_publish_marks_only_the_published_rows_and_holds_back_its_key(pg_url: str) -> None:
    toy = Toy("toy", Database(pg_url))
    await toy.create_tables()
    refused = keyed("ticket-1", 1)
    envelopes = [keyed("ticket-1", 0), refused, keyed("ticket-1", 2), keyed("ticket-2", 0), keyed(None, 0)]
    await toy.emit(*envelopes)
    published: list[Envelope] = []

    async def publish(stored: StoredEvent) -> None:
        envelope = stored.envelope()
        await asyncio.sleep(0.01)  # a confirm's round trip
        if envelope.id == refused.id:
            raise ConnectionError("returned: no route")
        published.append(envelope)

    try:
        assert await OutboxRelay(toy.database, toy.outbox, publish, poll_interval=0.05).relay_once() == 3
        rows = {row.event_id: row for row in await toy.outbox_rows()}
    finally:
        await toy.database.dispose()
    assert {e.id for e in published} == {envelopes[0].id, envelopes[3].id, envelopes[4].id}
    for envelope in (envelopes[0], envelopes[3], envelopes[4]):
        assert rows[envelope.id].published_at is not None and rows[envelope.id].attempts == 1
    failed = rows[refused.id]
    assert failed.published_at is None and failed.next_attempt_at is not None and "no route" in failed.last_error
    untouched = rows[envelopes[2].id]  # after the failure in its key: not tried, so not overtaking
    assert untouched.published_at is None and untouched.attempts == 0 and untouched.last_error is None


async def test_a_batch_costs_about_one_round_trip_and_keeps_per_key_order(pg_url: str) -> None:
    toy = Toy("toy", Database(pg_url))
    await toy.create_tables()
    envelopes = [keyed(f"ticket-{n % 10}", n // 10) for n in range(100)]
    await toy.emit(*envelopes)
    published: list[Envelope] = []

    async def publish(stored: StoredEvent) -> None:
        envelope = stored.envelope()
        await asyncio.sleep(0.02)
        published.append(envelope)

    relay = OutboxRelay(toy.database, toy.outbox, publish, batch_size=100)
    try:
        started = asyncio.get_running_loop().time()
        assert await relay.relay_once() == 100
        elapsed = asyncio.get_running_loop().time() - started
    finally:
        await toy.database.dispose()
    # Ten keys of ten events each: ten rounds of 20 ms, not a hundred.
    assert elapsed < 100 * 0.02 / 2
    for key in {e.key for e in envelopes}:
        assert [e.sequence for e in published if e.key == key] == list(range(10))


async def test_on_the_broker_a_returned_event_in_a_concurrent_batch_fails_alone(
    pg_url: str, rabbit_settings: Settings
) -> None:
    """Returns are matched to their publish by message id, so concurrency does not blame a neighbour."""
    toy = Toy("toy", Database(pg_url))
    await toy.create_tables()
    bus = RabbitBus(rabbit_settings)
    handled: list[Envelope] = []

    async def handle(envelope: Envelope) -> None:
        handled.append(envelope)

    returned = event("nobody.listens")
    good = [event(n=i) for i in range(20)]
    try:
        await bus.start([Subscription("toy", {"toy.happened": handle})])
        async with await aio_pika.connect(rabbit_settings.amqp_url) as connection:
            await (await connection.channel()).queue_delete(bus.topology.unrouted)  # no alternate route left
        await toy.emit(*good[:10], returned, *good[10:])
        assert await OutboxRelay(toy.database, toy.outbox, bus.publish_stored, poll_interval=60).relay_once() == 20
        await wait_until(lambda: len(handled) == 20, within=10)
        rows = {row.event_id: row for row in await toy.outbox_rows()}
    finally:
        await bus.stop()
        await toy.database.dispose()
    assert {e.id for e in handled} == {e.id for e in good}
    assert all(rows[e.id].published_at is not None for e in good)
    assert rows[returned.id].published_at is None and rows[returned.id].last_error
