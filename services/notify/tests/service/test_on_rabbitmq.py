"""Notify run by the real runtime on RabbitMQ and PostgreSQL, as ``umlauf serve notify`` runs it."""

from __future__ import annotations

from email import message_from_bytes, policy

import httpx
from sqlalchemy import select

from services.notify.adapters.orm import outbox
from services.notify.main import build
from services.notify.settings import NotifyServiceSettings, NotifySettings
from services.notify.tests.events import article_added, ticket_created
from services.notify.tests.service.conftest import FAST
from shared.rabbit import RabbitBus
from shared.rabbit_topology import Topology
from shared.runtime import Runtime
from shared.tests.rabbit_support import delete_topology
from tests.support import wait_until


async def test_events_from_the_broker_become_sent_mail_and_delivery_events(
    pg_url, amqp_url, unique_name, smtp_sink
) -> None:
    sink, port = smtp_sink
    settings = NotifyServiceSettings(
        amqp_url=amqp_url,
        exchange=f"{unique_name}.events",
        notify_database_url=pg_url,
        relay_host="127.0.0.1",
        relay_port=port,
    )
    service = build(settings, NotifySettings(**FAST))
    runtime = Runtime([service], RabbitBus(settings, retry_backoff=0.01))
    await runtime.migrate()
    await runtime.start()
    try:
        await runtime.bus.publish(ticket_created(1))
        await runtime.bus.publish(article_added(1, 2))

        await wait_until(lambda: len(sink.received) == 2, within=15)
        subjects = sorted(message_from_bytes(raw, policy=policy.default)["Message-ID"] for _, _, raw in sink.received)
        assert subjects == ["<auto.1@neudorf.example>", "<reply.1@neudorf.example>"]

        async def published() -> list[str]:
            async with service.database.sessions() as session:
                query = select(outbox.c.routing_key).where(outbox.c.published_at.is_not(None))
                return list((await session.execute(query)).scalars())

        assert await wait_until(lambda: _two(published), within=15) == ["notify.mail.sent"] * 2
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service.app), base_url="http://n") as client:
            assert (await client.get("/readyz")).status_code == 200
    finally:
        await runtime.stop()
        await delete_topology(amqp_url, Topology(settings.exchange, prefix=unique_name), ["notify"])


async def _two(published):  # type: ignore[no-untyped-def]
    keys = await published()
    return keys if len(keys) == 2 else None
