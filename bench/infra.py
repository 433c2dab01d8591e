"""Throw-away PostgreSQL databases and RabbitMQ names for one benchmark run.

The servers are the ones the tests use (``UMLAUF_TEST_DATABASE_URL``,
``UMLAUF_TEST_AMQP_URL``, default: local), so ``make bench`` runs wherever
``make test`` does. Everything a run creates carries a random name and is
removed afterwards, even when the run fails.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterable

import aio_pika

from tests.support import TEST_AMQP_URL, create_database, drop_database

__all__ = ["TEST_AMQP_URL", "delete_topology", "run_id", "temporary_databases"]


def run_id() -> str:
    """A short random name part, unique to this run."""
    return uuid.uuid4().hex[:8]


@contextlib.asynccontextmanager
async def temporary_databases(names: Iterable[str]) -> AsyncIterator[dict[str, str]]:
    """Create one empty database per name; yield name -> async URL; drop them all at the end."""
    created: dict[str, str] = {}
    try:
        for name in names:
            created[name] = await create_database(name)
        yield created
    finally:
        for name in created:
            await drop_database(name)


async def delete_topology(amqp_url: str, prefix: str, consumers: Iterable[str]) -> None:
    """Delete what :class:`shared.rabbit.RabbitBus` declared under ``prefix`` (see shared.rabbit_topology)."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for consumer in consumers:
            await channel.queue_delete(f"{prefix}.{consumer}")
            await channel.queue_delete(f"{prefix}.{consumer}.dlq")
        await channel.queue_delete(f"{prefix}.unrouted")
        for exchange in (f"{prefix}.events", f"{prefix}.dlx", f"{prefix}.unrouted"):
            await channel.exchange_delete(exchange)
