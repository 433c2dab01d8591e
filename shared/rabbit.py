"""The distributed bus: FastStream's RabbitBroker on aio-pika.

Layout of exchanges and queues: :mod:`shared.rabbit_topology`. Publishing is
persistent, confirmed, mandatory and raises on a return; an event that no queue is
bound for goes to the alternate exchange instead of being returned, so a type
nobody consumes yet neither blocks the outbox nor disappears. A consumer acks only
after its handler (which commits its own transaction) returned, and bounds
redelivery itself (:mod:`shared.redelivery`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.annotations import RabbitMessage
from pydantic import ValidationError

from shared.bus import Subscription
from shared.envelope import Envelope
from shared.rabbit_topology import Topology, default_prefix
from shared.redelivery import delivery_number, retry_delay, should_retry
from shared.settings import Settings

log = logging.getLogger(__name__)


class RabbitBus:
    """:class:`shared.bus.Bus` on RabbitMQ; the broker exists only between start and stop.

    ``prefix`` names the queues and the dead-letter and unrouted exchanges; by
    default it is the exchange's name without its last part (``umlauf.events`` →
    ``umlauf``), so ``UMLAUF_EXCHANGE=staging.events`` keeps a second system's
    queues apart on the same virtual host.

    ``graceful_timeout`` must exceed the slowest handler (plus its retry delay):
    ``stop`` waits that long for running handlers, and a handler cut off counts as
    a failed delivery.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        prefix: str | None = None,
        prefetch: int = 10,
        graceful_timeout: float = 60.0,
        publish_timeout: float = 10.0,
        retry_backoff: float = 0.2,
    ) -> None:
        self.url = settings.amqp_url
        self.topology = Topology(
            settings.exchange,
            prefix=prefix or default_prefix(settings.exchange),
            max_deliveries=settings.max_deliveries,
        )
        self.prefetch = prefetch
        self.graceful_timeout = graceful_timeout
        self.publish_timeout = publish_timeout
        self.retry_backoff = retry_backoff
        self._exchange = RabbitExchange(
            self.topology.exchange, type=ExchangeType.TOPIC, arguments=self.topology.exchange_arguments()
        )
        self._broker: RabbitBroker | None = None
        self._queues: list[str] = []
        self._probe = Channel()

    async def start(self, subscriptions: Sequence[Subscription]) -> None:
        broker = RabbitBroker(
            self.url,
            default_channel=Channel(on_return_raises=True),
            graceful_timeout=self.graceful_timeout,
            ack_policy=AckPolicy.MANUAL,
            logger=log,
        )
        await broker.connect()
        self._broker = broker
        await self._declare_exchanges(broker)
        consume = Channel(prefetch_count=self.prefetch)
        for subscription in subscriptions:
            queue = await self._declare_queue(broker, subscription, consume)
            broker.subscriber(queue, channel=consume)(self._consumer(subscription))
            self._queues.append(queue.name)
        await broker.start()

    async def declare(self, subscriptions: Sequence[Subscription]) -> None:
        """Declare exchanges and the consumers' queues without consuming (for ``umlauf migrate``).

        Events published before a consumer's queue first existed are not lost (they
        wait in the unrouted queue) but do not reach it; declaring every service's
        queues before the first start avoids that.
        """
        broker = RabbitBroker(self.url, logger=log)
        await broker.connect()
        try:
            await self._declare_exchanges(broker)
            for subscription in subscriptions:
                await self._declare_queue(broker, subscription, None)
        finally:
            await broker.stop()

    async def publish(self, envelope: Envelope) -> None:
        if self._broker is None:
            raise RuntimeError("RabbitBus.publish before start()")
        await self._broker.publish(
            envelope.to_json().encode(),
            exchange=self._exchange,
            routing_key=envelope.routing_key,
            persist=True,
            mandatory=True,
            message_id=str(envelope.id),
            correlation_id=str(envelope.correlation_id),
            content_type="application/json",
            message_type=envelope.type,
            timestamp=envelope.occurred_at,
            timeout=self.publish_timeout,
        )

    async def stop(self) -> None:
        broker, self._broker = self._broker, None
        self._queues = []
        if broker is not None:
            await broker.stop()

    async def ready(self) -> dict[str, bool]:
        """The connection, and for each queue that the broker sees a consumer on it (FastStream #2758)."""
        broker = self._broker
        checks = {"rabbitmq": broker is not None and await broker.ping(timeout=2.0)}
        for name in self._queues:
            checks[f"consumer:{name}"] = checks["rabbitmq"] and await self._has_consumer(name)
        return checks

    async def _has_consumer(self, queue: str) -> bool:
        assert self._broker is not None
        try:
            channel = await self._broker.config.channel_manager.get_channel(self._probe)
            declared = await channel.declare_queue(queue, passive=True, robust=False)
        except Exception:
            log.warning("readiness: queue %s cannot be inspected", queue, exc_info=True)
            return False
        return declared.declaration_result.consumer_count > 0

    async def _declare_exchanges(self, broker: RabbitBroker) -> None:
        topology = self.topology
        # Declared on the default channel first: FastStream publishes through the
        # channel an exchange was first declared on, and only that one raises on returns.
        await broker.declare_exchange(self._exchange)
        await broker.declare_exchange(RabbitExchange(topology.unrouted, type=ExchangeType.FANOUT))
        await broker.declare_exchange(RabbitExchange(topology.dead_letter_exchange, type=ExchangeType.DIRECT))
        unrouted = await broker.declare_queue(
            RabbitQueue(topology.unrouted, QueueType.QUORUM, arguments=topology.unrouted_queue_arguments())
        )
        await unrouted.bind(topology.unrouted, routing_key="")

    async def _declare_queue(
        self, broker: RabbitBroker, subscription: Subscription, channel: Channel | None
    ) -> RabbitQueue:
        topology, consumer = self.topology, subscription.consumer
        declarer = broker.config.declarer
        dlq = RabbitQueue(
            topology.dead_letter_queue(consumer), QueueType.QUORUM, arguments=topology.dead_letter_queue_arguments()
        )
        dead = await declarer.declare_queue(dlq, channel=channel)
        await dead.bind(topology.dead_letter_exchange, routing_key=topology.queue(consumer))
        queue = RabbitQueue(topology.queue(consumer), QueueType.QUORUM, arguments=topology.queue_arguments(consumer))
        declared = await declarer.declare_queue(queue, channel=channel)
        for routing_key in subscription.routing_keys:
            await declared.bind(topology.exchange, routing_key=routing_key)
        return queue

    def _consumer(self, subscription: Subscription):  # type: ignore[no-untyped-def]
        async def consume(message: RabbitMessage) -> None:
            await self._handle(subscription, message)

        consume.__name__ = f"consume_{subscription.consumer}"
        return consume

    async def _handle(self, subscription: Subscription, message: RabbitMessage) -> None:
        raw = message.raw_message
        try:
            envelope = Envelope.from_json(raw.body)
        except ValidationError:
            log.error("%s: message %s is not an envelope; dead-lettered", subscription.consumer, raw.message_id)
            await message.reject(requeue=False)
            return
        delivery = delivery_number(raw.headers, raw.redelivered)
        try:
            await subscription.dispatch(envelope)
        except Exception:
            retry = should_retry(delivery, self.topology.max_deliveries)
            log.exception(
                "%s failed on %s (delivery %d of %d)%s",
                subscription.consumer,
                envelope.id,
                delivery,
                self.topology.max_deliveries,
                "" if retry else "; dead-lettered",
            )
            if retry:
                await asyncio.sleep(retry_delay(delivery, self.retry_backoff))
            await message.reject(requeue=retry)
            return
        await message.ack()
