"""``umlauf dead-letters`` against the real PostgreSQL and RabbitMQ: list, drop, replay."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from services.notify import main as notify
from services.notify.adapters.orm import inbox, outbox
from shared.bus import Subscription
from shared.db import Database
from shared.envelope import Envelope
from shared.migrations import upgrade
from shared.rabbit import RabbitBus
from shared.settings import BusKind, Settings
from shared.tests.rabbit_support import delete_topology, message_count
from shared.tests.toy import event
from shared.unit_of_work import UnitOfWork
from tests.support import wait_until
from umlauf.dead_letters import dead_letters_command


@pytest.fixture
async def settings(pg_url: str, amqp_url: str, unique_name: str, tmp_path: Path) -> AsyncIterator[Settings]:
    await asyncio.to_thread(upgrade, notify.MIGRATIONS, pg_url)
    settings = Settings(
        notify_database_url=pg_url,
        bus=BusKind.RABBITMQ,
        amqp_url=amqp_url,
        exchange=f"{unique_name}.events",
        max_deliveries=2,
        var_dir=tmp_path,
    )
    yield settings
    await delete_topology(amqp_url, RabbitBus(settings).topology, ["notify"])


async def dead_outbox_row(settings: Settings) -> Envelope:
    database = Database(settings.database_url("notify"))
    envelope = event()
    try:
        async with UnitOfWork(database, outbox, inbox) as uow:
            uow.emit(envelope)
            await uow.commit()
        async with database.sessions() as session, session.begin():
            await session.execute(update(outbox).values(dead_at=datetime.now(UTC), attempts=5, last_error="boom"))
    finally:
        await database.dispose()
    return envelope


async def dead_lettered(settings: Settings, count: int) -> list[Envelope]:
    """Events the notify queue's consumer fails on until they land on its dead-letter queue."""

    async def fail(_envelope: Envelope) -> None:
        raise RuntimeError("down")

    bus = RabbitBus(settings, retry_backoff=0.01)
    await bus.start([Subscription("notify", {"toy.happened": fail})])
    envelopes = [event(n=n) for n in range(count)]
    try:
        for envelope in envelopes:
            await bus.publish(envelope)
        dlq = bus.topology.dead_letter_queue("notify")
        await wait_until(lambda: _at_least(settings.amqp_url, dlq, count), within=20)
    finally:
        await bus.stop()
    return envelopes


async def _at_least(url: str, queue: str, count: int) -> bool:
    return await message_count(url, queue) >= count


async def outbox_dead_at(settings: Settings) -> list[datetime | None]:
    database = Database(settings.database_url("notify"))
    try:
        async with database.sessions() as session:
            return [row.dead_at for row in (await session.execute(outbox.select())).all()]
    finally:
        await database.dispose()


async def test_list_drop_and_replay_both_places(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    dead_row = await dead_outbox_row(settings)
    first, second = await dead_lettered(settings, 2)
    topology = RabbitBus(settings).topology
    dlq, queue = topology.dead_letter_queue("notify"), topology.queue("notify")

    await dead_letters_command(settings, "list", ["notify"], None)
    listed = capsys.readouterr().out
    assert "notify outbox: 1 dead" in listed and str(dead_row.id) in listed and "boom" in listed
    assert f"{dlq}: 2 messages" in listed and str(first.id) in listed and str(second.id) in listed
    assert await message_count(settings.amqp_url, dlq) == 2  # listing leaves them where they are

    await dead_letters_command(settings, "drop", ["notify"], [first.id])
    dropped = capsys.readouterr().out
    assert "notify outbox: 0 dropped" in dropped and f"{dlq}: 1 dropped" in dropped
    assert await message_count(settings.amqp_url, dlq) == 1

    await dead_letters_command(settings, "replay", ["notify"], None)
    replayed = capsys.readouterr().out
    assert "notify outbox: 1 due again" in replayed and f"{dlq}: 1 moved back" in replayed
    assert await message_count(settings.amqp_url, dlq) == 0
    assert await message_count(settings.amqp_url, queue) == 1  # the second one, waiting for its consumer
    assert await outbox_dead_at(settings) == [None]

    await dead_letters_command(settings, "drop", ["notify"], None)
    assert "notify outbox: 0 dropped" in capsys.readouterr().out
