"""RabbitBus against the real broker; every test has its own exchange and queues."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable

import aio_pika
import pytest
from aio_pika.exceptions import PublishError
from sqlalchemy import update

from shared.bus import Subscription
from shared.envelope import Envelope
from shared.outbox import OutboxRelay
from shared.rabbit import RabbitBus
from shared.settings import Settings
from shared.tests.rabbit_support import declare_matches, message_count
from shared.tests.toy import Toy, event
from tests.support import wait_until


class Recorder:
    """A handler that records every delivery and fails while ``fail`` says so."""

    def __init__(self, fail: Callable[[Envelope, int], bool] = lambda _e, _n: False) -> None:
        self.deliveries: Counter[str] = Counter()
        self.handled: list[Envelope] = []
        self.fail = fail

    async def __call__(self, envelope: Envelope) -> None:
        self.deliveries[str(envelope.id)] += 1
        if self.fail(envelope, self.deliveries[str(envelope.id)]):
            raise RuntimeError("handler failed")
        self.handled.append(envelope)


@pytest.fixture
async def bus(rabbit_settings: Settings) -> AsyncIterator[RabbitBus]:
    bus = RabbitBus(rabbit_settings, retry_backoff=0.01)
    yield bus
    await bus.stop()


async def test_the_relay_publishes_the_stored_bytes_as_they_are(
    bus: RabbitBus, rabbit_settings: Settings, toy: Toy
) -> None:
    """No decode and re-encode on the way out: a payload stored in another (valid) JSON layout
    leaves byte for byte, with the routing key and event id from the row's columns."""
    await bus.start([])
    envelope = event(text="Spende", n=1)
    await toy.emit(envelope)
    stored = json.dumps(json.loads(envelope.to_json()), indent=1)  # what a re-encode would not keep
    async with toy.database.sessions() as session, session.begin():
        await session.execute(update(toy.outbox).values(payload=stored))
    async with await aio_pika.connect(rabbit_settings.amqp_url) as connection:
        channel = await connection.channel()
        spy = await channel.declare_queue(exclusive=True)
        await spy.bind(rabbit_settings.exchange, routing_key="toy.happened")
        assert await OutboxRelay(toy.database, toy.outbox, bus.publish_stored).relay_once() == 1
        message = await spy.get(timeout=5)
        assert message.body == stored.encode()
        assert message.message_id == str(envelope.id) and message.routing_key == "toy.happened"
        assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
        await message.ack()


async def test_topology_quorum_queue_with_dead_letter_queue(bus: RabbitBus, rabbit_settings: Settings) -> None:
    await bus.start([Subscription("toy", {"toy.happened": Recorder()})])
    topology, url = bus.topology, rabbit_settings.amqp_url
    assert topology.queue("toy").endswith(".toy") and topology.queue("toy") != "umlauf.toy"
    assert await declare_matches(url, topology.queue("toy"), topology.queue_arguments("toy"))
    assert not await declare_matches(url, topology.queue("toy"), {"x-queue-type": "classic"})
    without_dlx = {k: v for k, v in topology.queue_arguments("toy").items() if k != "x-dead-letter-exchange"}
    assert not await declare_matches(url, topology.queue("toy"), without_dlx)
    assert await declare_matches(url, topology.dead_letter_queue("toy"), {"x-queue-type": "quorum"})


async def test_published_event_reaches_its_handler_intact_and_persistent(
    bus: RabbitBus, rabbit_settings: Settings
) -> None:
    recorder = Recorder()
    await bus.start([Subscription("toy", {"toy.happened": recorder})])
    async with await aio_pika.connect(rabbit_settings.amqp_url) as connection:
        channel = await connection.channel()
        spy = await channel.declare_queue(exclusive=True)
        await spy.bind(rabbit_settings.exchange, routing_key="toy.happened")
        envelope = event(text="Basketballkorb für den Verein", n=3)
        await bus.publish(envelope)
        await wait_until(lambda: recorder.handled, within=10)
        assert recorder.handled == [envelope]
        message = await spy.get(timeout=5)
        assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
        assert message.message_id == str(envelope.id)
        assert message.routing_key == "toy.happened"
        assert Envelope.from_json(message.body) == envelope
        await message.ack()


async def test_queue_gets_only_its_types_and_unbound_types_are_kept_unrouted(
    bus: RabbitBus, rabbit_settings: Settings
) -> None:
    toy, other = Recorder(), Recorder()
    await bus.start([Subscription("toy", {"toy.happened": toy}), Subscription("other", {"other.#": other})])
    await bus.publish(event("toy.happened"))
    await bus.publish(event("other.thing.done"))
    nobody = event("nobody.listens")
    await bus.publish(nobody)  # legitimately unroutable: no error, not lost
    await wait_until(lambda: toy.handled and other.handled, within=10)
    await asyncio.sleep(0.3)
    assert [e.type for e in toy.handled] == ["toy.happened"]
    assert [e.type for e in other.handled] == ["other.thing.done"]
    assert await message_count(rabbit_settings.amqp_url, bus.topology.unrouted) == 1


async def test_unroutable_publish_raises_when_even_the_alternate_route_is_gone(
    bus: RabbitBus, rabbit_settings: Settings
) -> None:
    await bus.start([])
    async with await aio_pika.connect(rabbit_settings.amqp_url) as connection:
        await (await connection.channel()).queue_delete(bus.topology.unrouted)
    with pytest.raises(PublishError):
        await bus.publish(event("nobody.listens"))


async def test_poison_message_is_dead_lettered_after_max_deliveries_while_good_ones_flow(
    bus: RabbitBus, rabbit_settings: Settings
) -> None:
    poison = event(poison=True)
    recorder = Recorder(fail=lambda e, _n: e.id == poison.id)
    await bus.start([Subscription("toy", {"toy.happened": recorder})])
    await bus.publish(poison)
    good = [event(n=i) for i in range(5)]
    for envelope in good:
        await bus.publish(envelope)
    dlq = bus.topology.dead_letter_queue("toy")
    await wait_until(lambda: _count(rabbit_settings, dlq), within=20)
    await wait_until(lambda: len(recorder.handled) == 5, within=10)
    assert sorted(e.data["n"] for e in recorder.handled) == list(range(5))
    assert recorder.deliveries[str(poison.id)] == rabbit_settings.max_deliveries == 3
    assert all(recorder.deliveries[str(e.id)] == 1 for e in good)
    await asyncio.sleep(0.5)  # and it does not come back
    assert recorder.deliveries[str(poison.id)] == 3
    assert await message_count(rabbit_settings.amqp_url, dlq) == 1
    assert await message_count(rabbit_settings.amqp_url, bus.topology.queue("toy")) == 0


async def test_transiently_failing_handler_succeeds_on_redelivery(bus: RabbitBus, rabbit_settings: Settings) -> None:
    recorder = Recorder(fail=lambda _e, n: n < 3)
    await bus.start([Subscription("toy", {"toy.happened": recorder})])
    envelope = event()
    await bus.publish(envelope)
    await wait_until(lambda: recorder.handled, within=10)
    assert recorder.handled == [envelope]
    assert recorder.deliveries[str(envelope.id)] == 3
    assert await message_count(rabbit_settings.amqp_url, bus.topology.dead_letter_queue("toy")) == 0


async def test_message_that_is_not_an_envelope_goes_straight_to_the_dlq(
    bus: RabbitBus, rabbit_settings: Settings
) -> None:
    recorder = Recorder()
    await bus.start([Subscription("toy", {"toy.happened": recorder})])
    async with await aio_pika.connect(rabbit_settings.amqp_url) as connection:
        exchange = await (await connection.channel()).get_exchange(rabbit_settings.exchange)
        await exchange.publish(aio_pika.Message(b'{"not": "an envelope"}'), routing_key="toy.happened")
    await bus.publish(good := event())
    await wait_until(lambda: _count(rabbit_settings, bus.topology.dead_letter_queue("toy")), within=10)
    await wait_until(lambda: recorder.handled, within=10)
    assert recorder.handled == [good]


async def test_ready_reports_connection_and_consumers_and_is_false_after_stop(bus: RabbitBus) -> None:
    assert not any((await bus.ready()).values())
    await bus.start([Subscription("toy", {"toy.happened": Recorder()}), Subscription("other", {"x.y": Recorder()})])
    checks = await bus.ready()
    assert checks == {
        "rabbitmq": True,
        f"consumer:{bus.topology.queue('toy')}": True,
        f"consumer:{bus.topology.queue('other')}": True,
    }
    await bus.stop()
    assert not any((await bus.ready()).values())
    with pytest.raises(RuntimeError):
        await bus.publish(event())


async def test_declare_creates_queues_that_keep_events_until_the_consumer_starts(
    rabbit_settings: Settings,
) -> None:
    recorder = Recorder()
    subscription = Subscription("toy", {"toy.happened": recorder})
    await RabbitBus(rabbit_settings).declare([subscription])
    publisher = RabbitBus(rabbit_settings)
    await publisher.start([])
    envelope = event()
    await publisher.publish(envelope)
    await publisher.stop()
    consumer = RabbitBus(rabbit_settings)
    await consumer.start([subscription])
    try:
        await wait_until(lambda: recorder.handled, within=10)
        assert recorder.handled == [envelope]
    finally:
        await consumer.stop()


async def _count(settings: Settings, queue: str) -> int:
    return await message_count(settings.amqp_url, queue)


async def test_tuning_max_deliveries_keeps_an_existing_queue_usable(rabbit_settings: Settings) -> None:
    subscription = Subscription("toy", {"toy.happened": Recorder()})
    for max_deliveries in (3, 7):
        bus = RabbitBus(rabbit_settings.model_copy(update={"max_deliveries": max_deliveries}))
        await bus.start([subscription])  # a changed queue argument would fail with PRECONDITION_FAILED
        try:
            assert all((await bus.ready()).values())
        finally:
            await bus.stop()


async def test_event_whose_handler_never_returned_is_delivered_again(rabbit_settings: Settings) -> None:
    entered, handled = asyncio.Event(), []

    async def stuck(envelope: Envelope) -> None:
        entered.set()
        await asyncio.sleep(3600)

    async def works(envelope: Envelope) -> None:
        handled.append(envelope)

    first = RabbitBus(rabbit_settings, graceful_timeout=0.2)
    await first.start([Subscription("toy", {"toy.happened": stuck})])
    await first.publish(envelope := event())
    await asyncio.wait_for(entered.wait(), 10)
    await first.stop()  # cuts the handler off: no ack was sent, so the broker keeps the event
    second = RabbitBus(rabbit_settings)
    await second.start([Subscription("toy", {"toy.happened": works})])
    try:
        await wait_until(lambda: handled, within=10)
        assert handled == [envelope]
    finally:
        await second.stop()


async def test_ready_notices_a_queue_that_lost_its_consumer(bus: RabbitBus, rabbit_settings: Settings) -> None:
    await bus.start([Subscription("toy", {"toy.happened": Recorder()})])
    async with await aio_pika.connect(rabbit_settings.amqp_url) as connection:
        await (await connection.channel()).queue_delete(bus.topology.queue("toy"))  # the broker cancels our consumer
    checks = await bus.ready()
    assert checks["rabbitmq"] is True
    assert checks[f"consumer:{bus.topology.queue('toy')}"] is False
