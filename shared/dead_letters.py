"""Looking at and retrying what was given up: dead outbox rows and RabbitMQ dead-letter queues.

For an operator's CLI. Requeueing is safe to repeat: consumers skip events they
already handled through their inbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aio_pika
from sqlalchemy import Table, select, update

from shared.db import Database
from shared.rabbit_topology import Topology

#: Headers the broker stamps on a delivery; a requeued copy must start counting afresh
#: (RabbitMQ 3.10 overwrites it on a quorum queue anyway; not every version promises to).
_DELIVERY_HEADERS = ("x-delivery-count",)


@dataclass(frozen=True)
class DeadLetter:
    seq: int
    event_id: uuid.UUID
    routing_key: str
    attempts: int
    last_error: str | None
    dead_at: datetime


async def list_dead(database: Database, outbox: Table, *, limit: int = 100) -> list[DeadLetter]:
    """Dead outbox rows, oldest first."""
    o = outbox.c
    query = (
        select(o.seq, o.event_id, o.routing_key, o.attempts, o.last_error, o.dead_at)
        .where(o.dead_at.is_not(None))
        .order_by(o.seq)
        .limit(limit)
    )
    async with database.sessions() as session:
        return [DeadLetter(**row._mapping) for row in (await session.execute(query)).all()]


async def requeue_dead(database: Database, outbox: Table, event_ids: Sequence[uuid.UUID] | None = None) -> int:
    """Make dead rows (all, or the given events) due again with fresh attempts; returns how many."""
    o = outbox.c
    statement = update(outbox).where(o.dead_at.is_not(None)).values(dead_at=None, attempts=0, next_attempt_at=None)
    if event_ids is not None:
        statement = statement.where(o.event_id.in_(list(event_ids)))
    async with database.sessions() as session, session.begin():
        count = (await session.execute(statement)).rowcount
    database.wake_relay()
    return count


async def requeue_dead_letter_queue(amqp_url: str, topology: Topology, consumer: str, *, limit: int = 1000) -> int:
    """Move up to ``limit`` messages from a consumer's DLQ back to its queue; returns how many.

    Each copy is published persistent and confirmed before the dead letter is acked,
    so a crash in between leaves a duplicate (skipped by the inbox), never a loss.
    """
    moved = 0
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        dlq = await channel.declare_queue(topology.dead_letter_queue(consumer), passive=True)
        while moved < limit and (message := await dlq.get(fail=False)) is not None:
            headers = {k: v for k, v in (message.headers or {}).items() if k not in _DELIVERY_HEADERS}
            copy = aio_pika.Message(
                message.body,
                headers=headers,
                content_type=message.content_type,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=message.message_id,
                correlation_id=message.correlation_id,
                type=message.type,
                timestamp=message.timestamp,
            )
            await channel.default_exchange.publish(copy, routing_key=topology.queue(consumer))
            await message.ack()
            moved += 1
    return moved
