"""The outbox relay: publishes committed outbox rows, in order, at least once.

PostgreSQL: each batch is claimed with ``FOR UPDATE SKIP LOCKED``, published
concurrently (:mod:`shared.outbox_delivery`: in order within one key) and marked in
the same transaction, so several replicas never publish the same row twice in
normal operation (a crash between publish and commit republishes: at least once).
SQLite: a single relay per process reads, publishes outside any transaction and
marks; no second writer waits on a lock held while consumers run.

The payload is published as stored (``Bus.publish_stored``): the routing key and the
aggregate key are columns, so the relay never decodes an envelope.

A row whose delivery fails because a consumer failed (:class:`DeliveryError`,
in-process bus) is retried with back-off and kept as dead after
``max_attempts``; a transport failure (broker away) is retried without limit.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import Table, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import Database
from shared.loops import Backoff, run_loop
from shared.outbox_delivery import Outcome, Publish, RetryPolicy, deliver_batch
from shared.outbox_notify import listening

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        outbox: Table,
        publish: Publish,
        *,
        batch_size: int = 100,
        poll_interval: float = 1.0,
        max_attempts: int = 5,
        base_backoff: float = 0.5,
    ) -> None:
        self.database = database
        self.outbox = outbox
        self.publish = publish
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.policy = RetryPolicy(max_attempts=max_attempts, base_backoff=base_backoff, poll_interval=poll_interval)

    async def run(self) -> None:
        """Relay until cancelled; wakes on commit (in this process, or NOTIFY from another), polls otherwise."""
        async with listening(self.database):
            await run_loop(
                self.relay_once,
                name="outbox relay",
                interval=self.poll_interval,
                wake=self.database.outbox_signal,
                backoff=Backoff(base=self.poll_interval, ceiling=30.0),
            )

    async def relay_once(self) -> int:
        """Publish one batch of due rows; returns how many were published."""
        if self.database.is_sqlite:
            return await self._relay_sqlite()
        return await self._relay_locked()

    def _due(self, now: datetime):  # type: ignore[no-untyped-def]
        o = self.outbox.c
        return (
            select(o.seq, o.event_id, o.routing_key, o.key, o.payload, o.created_at, o.attempts)
            .where(o.published_at.is_(None), o.dead_at.is_(None))
            .where(or_(o.next_attempt_at.is_(None), o.next_attempt_at <= now))
            .order_by(o.seq)
            .limit(self.batch_size)
        )

    async def _relay_locked(self) -> int:
        async with self.database.sessions() as session, session.begin():
            rows = (await session.execute(self._due(datetime.now(UTC)).with_for_update(skip_locked=True))).all()
            outcomes = await deliver_batch(rows, self.publish, self.policy)
            await self._record(session, outcomes)
        return sum(outcome.published for outcome in outcomes)

    async def _relay_sqlite(self) -> int:
        async with self.database.sessions() as session, session.begin():
            rows = (await session.execute(self._due(datetime.now(UTC)))).all()
        published = 0
        for row in rows:
            # One at a time: in-process delivery runs the consumers, whose SQLite writes would only queue up.
            outcomes = await deliver_batch([row], self.publish, self.policy)
            async with self.database.sessions() as session, session.begin():
                await self._record(session, outcomes)
            published += sum(outcome.published for outcome in outcomes)
            if any(outcome.transport_error for outcome in outcomes):
                break
        return published

    async def _record(self, session: AsyncSession, outcomes: list[Outcome]) -> None:
        """Mark the published rows in one statement; the others (rare) one by one."""
        o = self.outbox.c
        if published := [outcome.seq for outcome in outcomes if outcome.published]:
            await session.execute(
                update(self.outbox)
                .where(o.seq.in_(published))
                .values(published_at=datetime.now(UTC), attempts=o.attempts + 1, last_error=None)
            )
        for outcome in outcomes:
            if not outcome.published:
                await session.execute(update(self.outbox).where(o.seq == outcome.seq).values(**outcome.values))
