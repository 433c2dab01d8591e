"""Declaring the layout of :mod:`shared.rabbit_topology` through a FastStream broker.

FastStream caches declared exchanges and queues by value and later uses the cached
object, with the channel it was declared on: the events exchange is declared on the
default channel (the one that raises on returned messages) so that publishing goes
through it; a consumer's queue on the consumer's channel, so that its prefetch applies.
"""

from __future__ import annotations

from faststream.rabbit import Channel, ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue

from shared.bus import Subscription
from shared.rabbit_topology import Topology


def events_exchange(topology: Topology) -> RabbitExchange:
    return RabbitExchange(topology.exchange, type=ExchangeType.TOPIC, arguments=topology.exchange_arguments())


async def declare_exchanges(broker: RabbitBroker, topology: Topology) -> None:
    """The events exchange with its alternate (unrouted) exchange and queue, and the dead-letter exchange."""
    await broker.declare_exchange(events_exchange(topology))
    await broker.declare_exchange(RabbitExchange(topology.unrouted, type=ExchangeType.FANOUT))
    await broker.declare_exchange(RabbitExchange(topology.dead_letter_exchange, type=ExchangeType.DIRECT))
    unrouted = await broker.declare_queue(
        RabbitQueue(topology.unrouted, QueueType.QUORUM, arguments=topology.unrouted_queue_arguments())
    )
    await unrouted.bind(topology.unrouted, routing_key="")


async def declare_consumer(
    broker: RabbitBroker, topology: Topology, subscription: Subscription, channel: Channel | None
) -> RabbitQueue:
    """The consumer's DLQ, then its queue bound to exactly the keys it handles."""
    consumer = subscription.consumer
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
