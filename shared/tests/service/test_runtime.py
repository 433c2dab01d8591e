"""The runtime end to end: two toy services, each on its own database, on either bus."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy import update

from shared.bus import Bus, InProcessBus
from shared.db import Database
from shared.rabbit import RabbitBus
from shared.retention import RetentionPolicy
from shared.runtime import Runtime, Service, http_server
from shared.tests.rabbit_support import message_count
from shared.tests.toy import Toy, event, typed
from tests.support import free_port, wait_until


@pytest.fixture(params=["inprocess", "rabbitmq"])
def bus(request: pytest.FixtureRequest) -> Bus:
    if request.param == "inprocess":
        return InProcessBus()
    return RabbitBus(request.getfixturevalue("rabbit_settings"), retry_backoff=0.01)


@pytest.fixture
async def toys(tmp_path: Path) -> AsyncIterator[tuple[Toy, Toy]]:
    a, b = (
        Toy("a", Database(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")),
        Toy("b", Database(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}")),
    )
    for toy in (a, b):
        await toy.create_tables()
    yield a, b
    for toy in (a, b):
        await toy.database.dispose()


def service(toy: Toy, handlers: dict, tmp_path: Path) -> Service:  # type: ignore[type-arg]
    return Service(
        name=toy.name,
        app=FastAPI(),
        database=toy.database,
        outbox=toy.outbox,
        migrations=tmp_path,
        handlers=typed(handlers),
    )


async def test_committed_event_of_a_reaches_b_once_and_b_answers_a(
    bus: Bus, toys: tuple[Toy, Toy], tmp_path: Path
) -> None:
    a, b = toys
    services = [
        service(a, {"toy.answered": a.handler()}, tmp_path),
        service(b, {"toy.happened": b.handler(then_emit="toy.answered")}, tmp_path),
    ]
    runtime = Runtime(services, bus, max_attempts=3)
    await runtime.start()
    try:
        envelope = event("toy.happened", text="Basketballkorb")
        await a.emit(envelope)
        await wait_until(lambda: a.effect_count(), within=15)
        assert await b.effect_count(envelope.id) == 1
        assert await b.effect_count() == 1
        assert await a.effect_count() == 1
        for toy in (a, b):
            assert all(row.published_at is not None for row in await toy.outbox_rows())
        async with _client(services[1].app) as client:
            ready = await client.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json()["ready"] is True
            assert (await client.get("/healthz")).status_code == 200
    finally:
        await runtime.stop()
    async with _client(services[1].app) as client:
        assert (await client.get("/readyz")).status_code == 503


async def test_event_that_b_keeps_failing_is_given_up_while_later_ones_flow(
    bus: Bus, toys: tuple[Toy, Toy], tmp_path: Path
) -> None:
    a, b = toys
    handler = b.handler(fail=lambda e: e.data.get("poison", False))
    runtime = Runtime([service(a, {}, tmp_path), service(b, {"toy.happened": handler}, tmp_path)], bus, max_attempts=3)
    await runtime.start()
    try:
        poison = event(poison=True)
        good = [event(n=i) for i in range(5)]
        await a.emit(poison, *good)
        await wait_until(lambda: _count_is(b, 5), within=20)
        if isinstance(bus, RabbitBus):  # the consumer gave up: dead-lettered on the broker
            dlq = bus.topology.dead_letter_queue("b")
            await wait_until(lambda: message_count(bus.url, dlq), within=20)
        else:  # the in-process relay gave up: the outbox row is dead
            await wait_until(lambda: _dead(a), within=20)
        assert await b.effect_count(poison.id) == 0
    finally:
        await runtime.stop()


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://toy")


async def _dead(toy: Toy) -> bool:
    return any(row.dead_at is not None and row.attempts == 3 for row in await toy.outbox_rows())


async def _count_is(toy: Toy, n: int) -> bool:
    return await toy.effect_count() == n


async def test_start_hooks_run_once_and_a_failing_one_does_not_stop_the_start(
    toys: tuple[Toy, Toy], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    a, b = toys
    announced = event("toy.happened", text="at start")

    async def broken() -> None:
        raise RuntimeError("no database yet")

    services = [
        service(a, {}, tmp_path),
        service(b, {"toy.happened": b.handler()}, tmp_path),
    ]
    services[0].on_start = (broken, lambda: a.emit(announced))
    runtime = Runtime(services, InProcessBus())
    await runtime.start()
    try:
        await wait_until(lambda: b.effect_count(announced.id), within=15)
        assert await b.effect_count() == 1
    finally:
        await runtime.stop()
    assert "a start hook of a failed" in caplog.text


@pytest.mark.parametrize(("trusted", "seen"), [("127.0.0.1", "203.0.113.9"), ("192.0.2.1", "127.0.0.1")])
async def test_http_server_believes_forwarded_headers_only_from_trusted_proxies(trusted: str, seen: str) -> None:
    """A proxy on loopback forwards for 203.0.113.9: believed only when loopback is a trusted proxy."""
    app = FastAPI()

    @app.get("/client")
    async def client(request: Request) -> dict[str, str]:
        return {"host": request.client.host if request.client else "", "scheme": request.url.scheme}

    port = free_port()
    server = http_server(app, "127.0.0.1", port, trusted)
    serving = asyncio.create_task(server.serve())
    try:
        await wait_until(lambda: server.started)
        async with httpx.AsyncClient() as http:
            answer = await http.get(
                f"http://127.0.0.1:{port}/client",
                headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
            )
        assert answer.json() == {"host": seen, "scheme": "https" if seen == "203.0.113.9" else "http"}
    finally:
        server.should_exit = True
        await serving


async def test_a_service_without_outbox_runs_no_relay_and_retention_prunes_what_a_policy_names(
    toys: tuple[Toy, Toy], tmp_path: Path
) -> None:
    """The relay of a service that emits nothing would only poll an empty table."""
    a, b = toys
    quiet = Service(name="b", app=FastAPI(), database=b.database, outbox=None, inbox=b.inbox, migrations=tmp_path)
    runtime = Runtime([service(a, {}, tmp_path), quiet], InProcessBus(), retention=RetentionPolicy(outbox_days=7))
    old = event()
    await a.emit(old)
    async with a.database.sessions() as session, session.begin():
        published = datetime.now(UTC) - timedelta(days=8)
        await session.execute(update(a.outbox).values(published_at=published))
    await runtime.start()
    try:
        names = {task.get_name() for task in runtime._tasks}
        assert names == {"a-relay", "a-retention", "b-retention"}
        await wait_until(lambda: _no_rows(a), within=10)
    finally:
        await runtime.stop()


async def _no_rows(toy: Toy) -> bool:
    return not await toy.outbox_rows()
