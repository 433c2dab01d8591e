"""Listing and requeueing what was given up, in the outbox and on the broker."""

from __future__ import annotations

from shared.bus import InProcessBus, Subscription
from shared.dead_letters import list_dead, requeue_dead, requeue_dead_letter_queue
from shared.envelope import Envelope
from shared.outbox import OutboxRelay
from shared.rabbit import RabbitBus
from shared.settings import Settings
from shared.tests.rabbit_support import message_count
from shared.tests.toy import Toy, event
from tests.support import wait_until


async def test_dead_outbox_row_is_listed_and_delivered_once_after_requeue(toy: Toy) -> None:
    broken = True
    poison, good = event(n=1), event(n=2)
    bus = InProcessBus()
    await bus.start([Subscription("toy", {"toy.happened": toy.handler(fail=lambda e: broken and e.id == poison.id)})])
    relay = OutboxRelay(toy.database, toy.outbox, bus.publish_stored, max_attempts=2, base_backoff=0.01)
    await toy.emit(poison, good)

    async def dead() -> list:  # type: ignore[type-arg]
        await relay.relay_once()
        return await list_dead(toy.database, toy.outbox)

    [letter] = await wait_until(dead, within=10)
    assert letter.event_id == poison.id and letter.attempts == 2 and "cannot handle" in letter.last_error
    assert await requeue_dead(toy.database, toy.outbox, [good.id]) == 0  # not dead: untouched
    broken = False
    assert await requeue_dead(toy.database, toy.outbox) == 1
    assert await relay.relay_once() == 1
    assert await list_dead(toy.database, toy.outbox) == []
    assert await toy.effect_count(poison.id) == 1 and await toy.effect_count(good.id) == 1


async def test_dead_letter_queue_is_moved_back_with_a_fresh_delivery_count(rabbit_settings: Settings) -> None:
    deliveries: list[int] = []
    handled: list[Envelope] = []

    async def handler(envelope: Envelope) -> None:
        deliveries.append(1)
        # fails the 3 deliveries before the requeue, and the first one after it
        if len(deliveries) <= 4:
            raise RuntimeError("down")
        handled.append(envelope)

    bus = RabbitBus(rabbit_settings, retry_backoff=0.01)
    await bus.start([Subscription("toy", {"toy.happened": handler})])
    try:
        await bus.publish(envelope := event())
        dlq = bus.topology.dead_letter_queue("toy")
        await wait_until(lambda: message_count(rabbit_settings.amqp_url, dlq), within=10)
        assert len(deliveries) == 3
        assert await requeue_dead_letter_queue(rabbit_settings.amqp_url, bus.topology, "toy") == 1
        await wait_until(lambda: handled, within=10)
        assert handled == [envelope] and len(deliveries) == 5
        assert await message_count(rabbit_settings.amqp_url, dlq) == 0
    finally:
        await bus.stop()
