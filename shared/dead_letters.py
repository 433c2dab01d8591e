"""Looking at, retrying and dropping what was given up: dead outbox rows and RabbitMQ
dead-letter queues. Behind ``umlauf dead-letters list | replay | drop``.

Replaying is safe to repeat: consumers skip events they already handled through their
inbox — as long as its rows are kept (``inbox_retention_days``), so replay within it.
Messages on a dead-letter queue are read without acknowledging them: what is not moved
or dropped goes back to the queue when the channel closes.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from sqlalchemy import Table, delete, select, update

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


@dataclass(frozen=True)
class QueuedDeadLetter:
    """A message on a consumer's dead-letter queue."""

    message_id: str | None
    type: str | None
    reason: str | None
    """Why RabbitMQ dead-lettered it (``x-first-death-reason``: rejected, delivery_limit, …)."""


async def drop_dead(database: Database, outbox: Table, event_ids: Sequence[uuid.UUID] | None = None) -> int:
    """Delete dead rows (all, or the given events) for good; returns how many."""
    o = outbox.c
    statement = delete(outbox).where(o.dead_at.is_not(None))
    if event_ids is not None:
        statement = statement.where(o.event_id.in_(list(event_ids)))
    async with database.sessions() as session, session.begin():
        return (await session.execute(statement)).rowcount


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


async def list_dead_letter_queue(
    amqp_url: str, topology: Topology, consumer: str, *, limit: int = 100
) -> list[QueuedDeadLetter]:
    """Up to ``limit`` messages of the consumer's DLQ, oldest first, all left where they are."""
    async with _dead_letters(amqp_url, topology, consumer, limit) as (_channel, messages):
        return [
            QueuedDeadLetter(m.message_id, m.type, _str((m.headers or {}).get("x-first-death-reason")))
            for m in messages
        ]


async def requeue_dead_letter_queue(
    amqp_url: str,
    topology: Topology,
    consumer: str,
    *,
    event_ids: Sequence[uuid.UUID] | None = None,
    limit: int = 1000,
) -> int:
    """Move up to ``limit`` messages (all, or the given events) from a consumer's DLQ back to its queue.

    Each copy is published persistent and confirmed before the dead letter is acked,
    so a crash in between leaves a duplicate (skipped by the inbox), never a loss.
    """
    moved = 0
    async with _dead_letters(amqp_url, topology, consumer, limit) as (channel, messages):
        for message in _chosen(messages, event_ids):
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


async def drop_dead_letter_queue(
    amqp_url: str,
    topology: Topology,
    consumer: str,
    *,
    event_ids: Sequence[uuid.UUID] | None = None,
    limit: int = 1000,
) -> int:
    """Remove up to ``limit`` messages (all, or the given events) from a consumer's DLQ for good."""
    dropped = 0
    async with _dead_letters(amqp_url, topology, consumer, limit) as (_channel, messages):
        for message in _chosen(messages, event_ids):
            await message.ack()
            dropped += 1
    return dropped


@asynccontextmanager
async def _dead_letters(
    amqp_url: str, topology: Topology, consumer: str, limit: int
) -> AsyncIterator[tuple[AbstractChannel, list[AbstractIncomingMessage]]]:
    """Up to ``limit`` unacknowledged messages of the DLQ; the rest of them return on exit."""
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        dlq = await channel.declare_queue(topology.dead_letter_queue(consumer), passive=True)
        messages: list[AbstractIncomingMessage] = []
        while len(messages) < limit and (message := await dlq.get(fail=False)) is not None:
            messages.append(message)
        yield channel, messages


def _chosen(
    messages: list[AbstractIncomingMessage], event_ids: Sequence[uuid.UUID] | None
) -> list[AbstractIncomingMessage]:
    if event_ids is None:
        return messages
    wanted = {str(event_id) for event_id in event_ids}
    return [m for m in messages if m.message_id in wanted]


def _str(value: object) -> str | None:
    return value.decode() if isinstance(value, bytes) else None if value is None else str(value)
