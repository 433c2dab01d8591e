"""The distributed bus: FastStream's RabbitBroker on aio-pika.

Layout of exchanges and queues: :mod:`shared.rabbit_topology`. Publishing is
persistent, confirmed, mandatory and raises on a return; an event that no queue is
bound for goes to the alternate exchange instead of being returned, so a type
nobody consumes yet neither blocks the outbox nor disappears. A consumer acks only
after its handler (which commits its own transaction) returned, and bounds
redelivery itself (:mod:`shared.redelivery`). Each delivery runs as its own task
(aiormq), so up to ``prefetch`` handlers of one queue run at once; keep it at or
below the database pool (``pool_size + max_overflow``) or handlers wait for connections.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from faststream.middlewares import AckPolicy
from faststream.rabbit import Channel, RabbitBroker

from shared.bus import StoredEvent, Subscription
from shared.envelope import Envelope
from shared.rabbit_consumer import make_consumer, the_message_itself
from shared.rabbit_declare import declare_consumer, declare_exchanges, events_exchange
from shared.rabbit_topology import Topology, default_prefix
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
        self._exchange = events_exchange(self.topology)
        self._broker: RabbitBroker | None = None
        self._queues: list[str] = []
        self._probe = Channel()

    async def start(self, subscriptions: Sequence[Subscription]) -> None:
        broker = RabbitBroker(
            self.url,
            default_channel=Channel(on_return_raises=True),
            graceful_timeout=self.graceful_timeout,
            ack_policy=AckPolicy.MANUAL,
            apply_types=False,  # no dependency injection: the consumer is handed the message itself (below)
            logger=log,
            log_level=logging.DEBUG,  # FastStream's per-message lines; failures are logged by the consumer
        )
        await broker.connect()
        self._broker = broker
        await declare_exchanges(broker, self.topology)
        channel = Channel(prefetch_count=self.prefetch)
        for subscription in subscriptions:
            queue = await declare_consumer(broker, self.topology, subscription, channel)
            consume = make_consumer(
                subscription, max_deliveries=self.topology.max_deliveries, retry_backoff=self.retry_backoff
            )
            broker.subscriber(queue, channel=channel, decoder=the_message_itself)(consume)
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
            await declare_exchanges(broker, self.topology)
            for subscription in subscriptions:
                await declare_consumer(broker, self.topology, subscription, None)
        finally:
            await broker.stop()

    async def publish(self, envelope: Envelope) -> None:
        await self.publish_stored(StoredEvent.of(envelope, envelope.occurred_at))

    async def publish_stored(self, event: StoredEvent) -> None:
        """The stored bytes as they are: persistent, mandatory, confirmed, the event id as ``message_id``."""
        if self._broker is None:
            raise RuntimeError("RabbitBus.publish before start()")
        await self._broker.publish(
            event.payload.encode(),
            exchange=self._exchange,
            routing_key=event.routing_key,
            persist=True,
            mandatory=True,
            message_id=str(event.event_id),
            content_type="application/json",
            message_type=event.routing_key,
            timestamp=event.created_at,
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
