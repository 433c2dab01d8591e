"""Retention with a controlled clock: what is old goes, what is young or still needed stays."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from shared.retention import Retention, RetentionPolicy, prune_inbox, prune_published_outbox
from shared.tests.toy import Toy, event

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


async def outbox_row(toy: Toy, *, published: datetime | None = None, dead: datetime | None = None) -> uuid.UUID:
    envelope = event()
    await toy.emit(envelope)
    async with toy.database.sessions() as session, session.begin():
        values = {"published_at": published, "dead_at": dead, "created_at": days_ago(60)}
        await session.execute(update(toy.outbox).where(toy.outbox.c.event_id == envelope.id).values(**values))
    return envelope.id


async def inbox_row(toy: Toy, processed: datetime) -> uuid.UUID:
    event_id = uuid.uuid4()
    async with toy.database.sessions() as session, session.begin():
        row = {"consumer": "toy", "event_id": event_id, "event_type": "toy.happened", "processed_at": processed}
        await session.execute(insert(toy.inbox).values(**row))
    return event_id


def retention(toy: Toy, policy: RetentionPolicy) -> Retention:
    pruners = [
        prune_published_outbox(toy.database, toy.outbox, policy.outbox_days),
        prune_inbox(toy.database, toy.inbox, policy.inbox_days),
    ]
    return Retention("toy", pruners, policy, clock=lambda: NOW)


async def remaining(toy: Toy) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    async with toy.database.sessions() as session:
        outbox = set((await session.execute(select(toy.outbox.c.event_id))).scalars())
        inbox = set((await session.execute(select(toy.inbox.c.event_id))).scalars())
    return outbox, inbox


async def test_prunes_old_published_and_old_inbox_rows_and_keeps_young_unpublished_and_dead(toy: Toy) -> None:
    old_published = await outbox_row(toy, published=days_ago(7.01))
    young_published = await outbox_row(toy, published=days_ago(6.99))
    unpublished = await outbox_row(toy)  # created 60 days ago, never published: work still to do
    dead = await outbox_row(toy, dead=days_ago(90))  # for an operator
    old_handled, young_handled = await inbox_row(toy, days_ago(30.01)), await inbox_row(toy, days_ago(29.99))

    assert await retention(toy, RetentionPolicy(outbox_days=7, inbox_days=30)).prune_once() is False

    outbox, inbox = await remaining(toy)
    assert outbox == {young_published, unpublished, dead} and old_published not in outbox
    assert inbox == {young_handled} and old_handled not in inbox


async def test_prunes_in_batches_and_says_when_more_is_waiting(toy: Toy) -> None:
    old = [await outbox_row(toy, published=days_ago(10 + n)) for n in range(5)]
    policy = RetentionPolicy(outbox_days=7, inbox_days=30, batch=2)
    rounds = [await retention(toy, policy).prune_once() for _ in range(3)]
    assert rounds == [True, True, False]  # 2 + 2 + 1
    assert not (await remaining(toy))[0] & set(old)


async def test_zero_days_keeps_everything(toy: Toy) -> None:
    published = await outbox_row(toy, published=days_ago(3650))
    handled = await inbox_row(toy, days_ago(3650))
    assert await retention(toy, RetentionPolicy(outbox_days=0, inbox_days=0)).prune_once() is False
    assert await remaining(toy) == ({published}, {handled})
