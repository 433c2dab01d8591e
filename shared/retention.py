"""Retention: what the messaging tables may forget, pruned in batches by the loop helper.

- **Published outbox rows** after ``outbox_retention_days`` (default 7). Unpublished and
  dead rows are kept whatever their age: they are work still to do, or for an operator
  (``umlauf dead-letters``). The outbox is a queue, not a history; tickets keeps its
  history in ``event_log`` (:mod:`shared.messaging_tables`), which is never pruned.
- **Inbox rows** after ``inbox_retention_days`` (default 30). An inbox row only has to
  outlive every way the same event can come again: a broker redelivery (seconds, at most
  ``max_deliveries`` of them), a relay republishing after a crash between publish and
  mark (its next round), and an operator requeueing a dead outbox row or replaying a
  dead-letter queue, which reaches consumers that had handled the event already — as
  late as the operator acts. The last one is unbounded, so the window is weeks, longer
  than the outbox's, and dead letters should be replayed within it.
- Service-specific pruners join in (ingest: raw mail ``raw_mail_retention_days`` after
  parsing, quarantined mail kept).

0 days keeps rows for ever. Every round deletes at most ``batch`` rows per kind, each
batch in its own short transaction, and runs again at once while a batch came back full.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, delete, select, tuple_

from shared.db import Database
from shared.loops import run_loop

Prune = Callable[[datetime, int], Awaitable[int]]
"""Given ``now`` and a batch size, delete at most that many expired rows; return how many."""


@dataclass(frozen=True)
class RetentionPolicy:
    outbox_days: int = 7
    inbox_days: int = 30
    batch: int = 1000
    interval: float = 3600.0
    """Seconds between rounds once nothing is left to prune."""


def prune_published_outbox(database: Database, outbox: Table, days: int) -> Prune:
    """Published rows older than ``days`` (by ``published_at``); never unpublished or dead ones."""

    async def prune(now: datetime, limit: int) -> int:
        o = outbox.c
        expired = select(o.seq).where(o.published_at < now - timedelta(days=days)).order_by(o.seq).limit(limit)
        return await _delete(database, delete(outbox).where(o.seq.in_(expired.scalar_subquery())))

    return _unless_forever(prune, days)


def prune_inbox(database: Database, inbox: Table, days: int) -> Prune:
    """Inbox rows processed more than ``days`` ago."""

    async def prune(now: datetime, limit: int) -> int:
        i = inbox.c
        expired = select(i.consumer, i.event_id).where(i.processed_at < now - timedelta(days=days)).limit(limit)
        return await _delete(database, delete(inbox).where(tuple_(i.consumer, i.event_id).in_(expired)))

    return _unless_forever(prune, days)


class Retention:
    """One service's pruners, run as a background loop (every replica may run one)."""

    def __init__(
        self,
        name: str,
        pruners: Sequence[Prune],
        policy: RetentionPolicy,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.name = name
        self.pruners = list(pruners)
        self.policy = policy
        self.clock = clock

    async def prune_once(self) -> bool:
        """One batch of each kind; True if a batch came back full (more is waiting)."""
        now = self.clock()
        full = False
        for prune in self.pruners:
            full |= await prune(now, self.policy.batch) >= self.policy.batch
        return full

    async def run(self) -> None:
        await run_loop(self.prune_once, name=f"{self.name} retention", interval=self.policy.interval)


async def _delete(database: Database, statement) -> int:  # type: ignore[no-untyped-def]
    async with database.sessions() as session, session.begin():
        return (await session.execute(statement)).rowcount


def _unless_forever(prune: Prune, days: int) -> Prune:
    async def never(_now: datetime, _limit: int) -> int:
        return 0

    return prune if days > 0 else never
