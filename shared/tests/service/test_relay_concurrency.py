"""Two relays (two processes' worth of engines) on one PostgreSQL database."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

from shared.db import Database
from shared.envelope import Envelope
from shared.outbox import OutboxRelay
from shared.tests.toy import Toy, event


async def test_two_relays_publish_each_of_500_rows_once_in_total(pg_url: str) -> None:
    databases = [Database(pg_url), Database(pg_url)]
    toy = Toy("toy", databases[0])
    await toy.create_tables()
    await toy.emit(*(event(n=i) for i in range(500)))
    published: dict[int, list[uuid.UUID]] = {0: [], 1: []}

    def publisher(relay: int):  # type: ignore[no-untyped-def]
        async def publish(envelope: Envelope) -> None:
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
