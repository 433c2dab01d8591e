"""Two relays (two processes' worth of engines) on one PostgreSQL database."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

from shared.bus import StoredEvent
from shared.db import Database
from shared.envelope import Envelope
from shared.outbox import OutboxRelay
from shared.tests.toy import Toy, event
from tests.support import wait_until


async def test_two_relays_publish_each_of_500_rows_once_in_total(pg_url: str) -> None:
    databases = [Database(pg_url), Database(pg_url)]
    toy = Toy("toy", databases[0])
    await toy.create_tables()
    await toy.emit(*(event(n=i) for i in range(500)))
    published: dict[int, list[uuid.UUID]] = {0: [], 1: []}

    def publisher(relay: int):  # type: ignore[no-untyped-def]
        async def publish(stored: StoredEvent) -> None:
            envelope = stored.envelope()
            await asyncio.sleep(0.001)  # a broker round trip: lets the other relay run meanwhile
            published[relay].append(envelope.id)

        return publish

    relays = [OutboxRelay(database, toy.outbox, publisher(i), batch_size=25) for i, database in enumerate(databases)]

    async def drain(relay: OutboxRelay) -> None:
        while await relay.relay_once():
            pass

    try:
        await asyncio.gather(*(drain(relay) for relay in relays))
        await asyncio.gather(*(drain(relay) for relay in relays))  # nothing left for either
    finally:
        for database in databases:
            await database.dispose()

    everything = published[0] + published[1]
    assert len(everything) == 500
    assert Counter(everything).most_common(1)[0][1] == 1
    assert published[0] and published[1], "both relays should have taken batches"


async def test_relay_in_another_process_wakes_on_notify_not_on_its_poll(pg_url: str) -> None:
    writer, relay_side = Database(pg_url), Database(pg_url)  # two engines: as two processes would have
    toy = Toy("toy", writer)
    await toy.create_tables()
    published: list[Envelope] = []

    async def publish(stored: StoredEvent) -> None:
        envelope = stored.envelope()
        published.append(envelope)

    task = asyncio.create_task(OutboxRelay(relay_side, toy.outbox, publish, poll_interval=30).run())
    try:
        await asyncio.sleep(0.5)  # first (empty) round done; now waiting up to 30 s
        envelopes = [event(n=i) for i in range(3)]
        await toy.emit(*envelopes)
        await wait_until(lambda: len(published) == 3, within=5)
        assert published == envelopes
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await writer.dispose()
        await relay_side.dispose()
