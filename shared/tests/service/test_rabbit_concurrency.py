"""A consumer runs up to ``prefetch`` handlers at once on one queue, and still acks only after each returned."""

from __future__ import annotations

import asyncio
from collections import Counter

from shared.bus import Subscription
from shared.envelope import Envelope
from shared.rabbit import RabbitBus
from shared.settings import Settings
from shared.tests.rabbit_support import message_count
from shared.tests.toy import event
from tests.support import wait_until


async def test_handlers_overlap_up_to_prefetch_and_poison_is_still_dead_lettered_once(
    rabbit_settings: Settings,
) -> None:
    poison = event(poison=True)
    deliveries: Counter[str] = Counter()
    handled: list[Envelope] = []
    running = 0
    most_at_once = 0

    async def handle(envelope: Envelope) -> None:
        nonlocal running, most_at_once
        deliveries[str(envelope.id)] += 1
        running += 1
        most_at_once = max(most_at_once, running)
        try:
            await asyncio.sleep(0.2)  # a handler's transaction
            if envelope.id == poison.id:
                raise RuntimeError("cannot handle")
            handled.append(envelope)
        finally:
            running -= 1

    bus = RabbitBus(rabbit_settings, prefetch=4, retry_backoff=0.01)
    good = [event(n=i) for i in range(12)]
    try:
        await bus.start([Subscription("toy", {"toy.happened": handle})])
        await asyncio.gather(*(bus.publish(envelope) for envelope in [poison, *good]))
        await wait_until(lambda: len(handled) == 12, within=10)
        dlq = bus.topology.dead_letter_queue("toy")
        await wait_until(lambda: _count(rabbit_settings, dlq), within=10)
        await asyncio.sleep(0.3)
    finally:
        await bus.stop()
    assert most_at_once == 4  # bounded by the prefetch, not one at a time
    assert all(deliveries[str(e.id)] == 1 for e in good)
    assert deliveries[str(poison.id)] == rabbit_settings.max_deliveries
    assert await message_count(rabbit_settings.amqp_url, bus.topology.queue("toy")) == 0


async def _count(settings: Settings, queue: str) -> bool:
    return await message_count(settings.amqp_url, queue) == 1
