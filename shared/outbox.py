"""The outbox relay: publishes committed outbox rows, in order, at least once.

PostgreSQL: each batch is claimed with ``FOR UPDATE SKIP LOCKED`` and marked in
the same transaction, so several replicas never publish the same row twice in
normal operation (a crash between publish and commit republishes: at least once).
SQLite: a single relay per process reads, publishes outside any transaction and
marks; no second writer waits on a lock held while consumers run.

A row whose delivery fails because a consumer failed (:class:`DeliveryError`,
in-process bus) is retried with back-off and kept as dead after
``max_attempts``; a transport failure (broker away) is retried without limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import Table, or_, select, update

from shared.bus import DeliveryError
from shared.db import Database
from shared.envelope import Envelope
from shared.outbox_notify import listening

log = logging.getLogger(__name__)

Publish = Callable[[Envelope], Awaitable[None]]


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
        self.max_attempts = max_attempts
        self.base_backoff = base_backoff

    async def run(self) -> None:
        """Relay until cancelled; wakes on commit (in this process, or NOTIFY from another), polls otherwise."""
        async with listening(self.database):
            await self._loop()

    async def _loop(self) -> None:
        while True:
            # Cleared before reading, so a commit during the batch wakes the next round.
            self.database.outbox_signal.clear()
            try:
                relayed = await self.relay_once()
            except Exception:
                log.exception("outbox relay failed; retrying")
                relayed = 0
            if relayed:
                continue
            try:
                await asyncio.wait_for(self.database.outbox_signal.wait(), self.poll_interval)
            except TimeoutError:
                pass

    async def relay_once(self) -> int:
        """Publish one batch of due rows; returns how many were published."""
        if self.database.is_sqlite:
            return await self._relay_sqlite()
        return await self._relay_locked()

    def _due(self, now: datetime):  # type: ignore[no-untyped-def]
        o = self.outbox.c
        return (
            select(o.seq, o.event_id, o.payload, o.attempts)
            .where(o.published_at.is_(None), o.dead_at.is_(None))
            .where(or_(o.next_attempt_at.is_(None), o.next_attempt_at <= now))
            .order_by(o.seq)
            .limit(self.batch_size)
        )

    async def _relay_locked(self) -> int:
        published = 0
        async with self.database.sessions() as session, session.begin():
            now = datetime.now(UTC)
            rows = (await session.execute(self._due(now).with_for_update(skip_locked=True))).all()
            for row in rows:
                values = await self._deliver(row)
                transport_error = values.pop("transport_error", False)
                await session.execute(update(self.outbox).where(self.outbox.c.seq == row.seq).values(**values))
                if "published_at" in values:
                    published += 1
                elif transport_error:
                    break
        return published

    async def _relay_sqlite(self) -> int:
        async with self.database.sessions() as session, session.begin():
            rows = (await session.execute(self._due(datetime.now(UTC)))).all()
        published = 0
        for row in rows:
            values = await self._deliver(row)
            transport_error = values.pop("transport_error", False)
            async with self.database.sessions() as session, session.begin():
                await session.execute(update(self.outbox).where(self.outbox.c.seq == row.seq).values(**values))
            if "published_at" in values:
                published += 1
            elif transport_error:
                break
        return published

    async def _deliver(self, row) -> dict:  # type: ignore[no-untyped-def]
        """Publish one row; return the column values that record the outcome."""
        now = datetime.now(UTC)
        try:
            envelope = Envelope.from_json(row.payload)
        except ValidationError as exc:
            # Retrying cannot help, and a transport-style retry would block every later row.
            log.error("outbox row %s is not an envelope; kept as dead", row.seq)
            return {"attempts": row.attempts + 1, "last_error": str(exc)[:4000], "dead_at": now}
        try:
            await self.publish(envelope)
        except DeliveryError as exc:
            attempts = row.attempts + 1
            if attempts >= self.max_attempts:
                log.error("event %s dead after %d attempts: %s", row.event_id, attempts, exc)
                return {"attempts": attempts, "last_error": str(exc)[:4000], "dead_at": now}
            delay = self.base_backoff * 2 ** (attempts - 1)
            return {
                "attempts": attempts,
                "last_error": str(exc)[:4000],
                "next_attempt_at": now + timedelta(seconds=delay),
            }
        except Exception as exc:
            log.warning("publishing %s failed, will retry: %r", row.event_id, exc)
            return {
                "last_error": repr(exc)[:4000],
                "next_attempt_at": now + timedelta(seconds=self.poll_interval),
                "transport_error": True,
            }
        return {"published_at": now, "attempts": row.attempts + 1, "last_error": None}
