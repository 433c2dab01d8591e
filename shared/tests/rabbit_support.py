"""Looking at the real broker from a test: its own connection, nothing of the bus under test."""

from __future__ import annotations

from collections.abc import Iterable

import aio_pika
import aiormq

from shared.rabbit_topology import Topology

#: The consumer names tests use; the fixture deletes their queues afterwards.
CONSUMERS = ("toy", "other", "a", "b")


async def message_count(amqp_url: str, queue: str) -> int:
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        return declared.declaration_result.message_count


async def declare_matches(amqp_url: str, queue: str, arguments: dict) -> bool:  # type: ignore[type-arg]
    """Whether the queue exists with exactly these arguments (RabbitMQ refuses a differing re-declare)."""
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel()
        try:
            await channel.declare_queue(queue, durable=True, arguments=arguments)
        except aiormq.exceptions.ChannelPreconditionFailed:
            return False
        return True


async def delete_topology(amqp_url: str, topology: Topology, consumers: Iterable[str]) -> None:
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel()
        for consumer in consumers:
            await channel.queue_delete(topology.queue(consumer))
            await channel.queue_delete(topology.dead_letter_queue(consumer))
        await channel.queue_delete(topology.unrouted)
        for exchange in (topology.exchange, topology.unrouted, topology.dead_letter_exchange):
            await channel.exchange_delete(exchange)
