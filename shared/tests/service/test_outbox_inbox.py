"""Outbox, inbox and relay on SQLite and PostgreSQL (each test runs on both)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from shared.bus import InProcessBus, StoredEvent, Subscription
from shared.envelope import Envelope
from shared.outbox import OutboxRelay
from shared.tests.toy import Toy, event
from tests.support import wait_until


async def test_rollback_leaves_no_outbox_row(toy: Toy) -> None:
    async with toy.uow() as uow:
        uow.emit(event())
    with pytest.raises(RuntimeError):
        async with toy.uow() as uow:
            uow.emit(event())
            await uow.session.execute(toy.effects.insert().values(event_id=event().id))
            raise RuntimeError("the handler failed before commit")
    assert await toy.outbox_rows() == []
    assert await toy.effect_count() == 0


async def test_commit_writes_change_and_outbox_row_together(toy: Toy) -> None:
    envelope = event(n=1)
    async with toy.uow() as uow:
        await uow.session.execute(toy.effects.insert().values(event_id=envelope.id))
        uow.emit(envelope)
        await uow.commit()
    [row] = await toy.outbox_rows()
    assert row.event_id == envelope.id and row.routing_key == "toy.happened" and row.published_at is None
    assert Envelope.from_json(row.payload) == envelope
    assert await toy.effect_count() == 1


async def test_committed_row_is_published_exactly_once(toy: Toy) -> None:
    published: list[Envelope] = []

    async def publish(stored: StoredEvent) -> None:
        envelope = stored.envelope()
        published.append(envelope)

    envelopes = [event(n=i) for i in range(3)]
    await toy.emit(*envelopes)
    relay = OutboxRelay(toy.database, toy.outbox, publish)
    assert await relay.relay_once() == 3
    assert await relay.relay_once() == 0
    assert published == envelopes  # in commit order, intact
    assert all(row.published_at is not None and row.attempts == 1 for row in await toy.outbox_rows())


async def test_repeated_event_is_skipped_by_the_inbox(toy: Toy) -> None:
    handle = toy.handler()
    envelope = event()
    for _ in range(3):
        await handle(envelope)
    assert await toy.effect_count(envelope.id) == 1


async def test_a_claim_rolled_back_with_its_change_lets_the_repeat_through(toy: Toy) -> None:
    attempts = iter([True, False])
    handle = toy.handler(fail=lambda _: next(attempts))
    envelope = event()
    with pytest.raises(RuntimeError):
        await handle(envelope)
    assert await toy.effect_count(envelope.id) == 0
    await handle(envelope)
    assert await toy.effect_count(envelope.id) == 1


async def test_failing_consumer_is_retried_with_backoff_then_dead_while_later_events_flow(toy: Toy) -> None:
    poison = event(poison=True)
    good = [event(n=i) for i in range(5)]
    bus = InProcessBus()
    await bus.start([Subscription("toy", {"toy.happened": toy.handler(fail=lambda e: e.id == poison.id)})])
    # A backoff long enough that a loaded machine (parallel workers) cannot outrun it between two lines.
    backoff = 1.0
    relay = OutboxRelay(toy.database, toy.outbox, bus.publish_stored, max_attempts=3, base_backoff=backoff)
    await toy.emit(poison, *good)

    assert await relay.relay_once() == 5
    assert all(await asyncio.gather(*(toy.effect_count(e.id) for e in good)))
    [first] = [r for r in await toy.outbox_rows() if r.event_id == poison.id]
    assert first.attempts == 1 and first.dead_at is None and "cannot handle" in first.last_error
    assert first.next_attempt_at.replace(tzinfo=UTC) > datetime.now(UTC)
    assert await relay.relay_once() == 0  # backing off: not due yet
    assert (await _row(toy, poison)).attempts == 1

    await wait_until(lambda: _dead(relay, toy, poison), within=10)
    dead = await _row(toy, poison)
    assert dead.attempts == 3 and dead.published_at is None
    # Delays double: the third attempt came at least backoff + 2 * backoff after the first.
    assert (dead.dead_at - first.next_attempt_at).total_seconds() >= 2 * backoff - 0.05

    later = event(n="after")
    await toy.emit(later)
    assert await relay.relay_once() == 1
    assert await toy.effect_count(later.id) == 1
    assert await toy.effect_count(poison.id) == 0


async def test_malformed_outbox_row_is_dead_at_once_and_does_not_block(toy: Toy) -> None:
    published: list[Envelope] = []

    async def publish(stored: StoredEvent) -> None:
        envelope = stored.envelope()
        published.append(envelope)

    await toy.emit(event(n=1))
    async with toy.database.sessions() as session, session.begin():
        await session.execute(update(toy.outbox).values(payload="{not json"))
    good = event(n=2)
    await toy.emit(good)
    assert await OutboxRelay(toy.database, toy.outbox, publish).relay_once() == 1
    assert published == [good]
    assert (await toy.outbox_rows())[0].dead_at is not None


async def test_broker_outage_is_retried_without_limit_and_keeps_order(toy: Toy) -> None:
    published: list[Envelope] = []
    broker_up = False

    async def publish(stored: StoredEvent) -> None:
        envelope = stored.envelope()
        if not broker_up:
            raise ConnectionError("broker away")
        published.append(envelope)

    envelopes = [event(n=i) for i in range(3)]
    await toy.emit(*envelopes)
    relay = OutboxRelay(toy.database, toy.outbox, publish, max_attempts=2, poll_interval=0.05)
    for _ in range(4):
        assert await relay.relay_once() == 0
        await asyncio.sleep(0.06)
    broker_up = True
    assert await relay.relay_once() == 3
    assert published == envelopes
    assert all(row.dead_at is None for row in await toy.outbox_rows())


async def test_running_relay_wakes_on_commit_without_waiting_for_the_poll(toy: Toy) -> None:
    published: list[Envelope] = []

    async def publish(stored: StoredEvent) -> None:
        envelope = stored.envelope()
        published.append(envelope)

    relay = OutboxRelay(toy.database, toy.outbox, publish, poll_interval=30)
    task = asyncio.create_task(relay.run())
    try:
        await asyncio.sleep(0.2)  # the relay found nothing and now waits
        envelope = event()
        await toy.emit(envelope)
        await wait_until(lambda: published, within=3)
        assert published == [envelope]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _row(toy: Toy, envelope: Envelope):  # type: ignore[no-untyped-def]
    return next(r for r in await toy.outbox_rows() if r.event_id == envelope.id)


async def _dead(relay: OutboxRelay, toy: Toy, envelope: Envelope) -> bool:
    await relay.relay_once()
    return (await _row(toy, envelope)).dead_at is not None
