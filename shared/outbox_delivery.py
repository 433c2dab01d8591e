"""Publishing a claimed batch of outbox rows: what happened to each row, as column values.

Rows about different aggregates are published concurrently, so a batch costs about one
broker round trip (publisher confirm) instead of one per row. Rows with the same ``key``
column (``Envelope.key``) are published one after another in ``seq`` order, and a failure stops
the rest of that key's rows for this round, so a batch never overtakes within a key.
Across rounds order is not promised (a row backing off is overtaken by later ones, as are
rows claimed by another replica): consumers that care use ``Envelope.sequence``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row

from shared.bus import DeliveryError, StoredEvent, UnreadableEvent

log = logging.getLogger(__name__)

Publish = Callable[[StoredEvent], Awaitable[None]]
"""``Bus.publish_stored``: the row's bytes go out as stored."""


@dataclass(frozen=True)
class Outcome:
    """The result of one row; ``values`` are the columns to set when it was not published."""

    seq: int
    published: bool
    values: dict[str, Any] = field(default_factory=dict)
    transport_error: bool = False


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_backoff: float
    poll_interval: float


async def deliver_batch(rows: Sequence[Row[Any]], publish: Publish, policy: RetryPolicy) -> list[Outcome]:
    """Publish the rows, concurrently across keys and in order within one; an outcome per attempted row."""
    outcomes: list[Outcome] = []
    groups: dict[object, list[tuple[Row[Any], StoredEvent]]] = {}
    for row in rows:
        event = StoredEvent(row.event_id, row.routing_key, row.key, row.payload, row.created_at)
        groups.setdefault(row.key if row.key is not None else ("seq", row.seq), []).append((row, event))

    async def in_order(group: list[tuple[Row[Any], StoredEvent]]) -> list[Outcome]:
        done: list[Outcome] = []
        for row, event in group:
            done.append(await deliver_one(row, event, publish, policy))
            if not done[-1].published:
                break  # the key's later rows wait for the next round
        return done

    for group_outcomes in await asyncio.gather(*(in_order(group) for group in groups.values())):
        outcomes.extend(group_outcomes)
    return outcomes


async def deliver_one(row: Row[Any], event: StoredEvent, publish: Publish, policy: RetryPolicy) -> Outcome:
    """Publish one row; a consumer's failure backs off, a transport failure retries without limit.

    Delays count from the failure, not from the start of the attempt (consumers may run long).
    """
    try:
        await publish(event)
    except UnreadableEvent as exc:
        # Retrying cannot help, and a transport-style retry would block every later row of its key.
        log.error("outbox row %s is not an envelope; kept as dead", row.seq)
        return _dead(row, str(exc))
    except DeliveryError as exc:
        now = datetime.now(UTC)
        attempts = row.attempts + 1
        if attempts >= policy.max_attempts:
            log.error("event %s dead after %d attempts: %s", row.event_id, attempts, exc)
            return _dead(row, str(exc))
        delay = policy.base_backoff * 2 ** (attempts - 1)
        values = {
            "attempts": attempts,
            "last_error": str(exc)[:4000],
            "next_attempt_at": now + timedelta(seconds=delay),
        }
        return Outcome(row.seq, published=False, values=values)
    except Exception as exc:
        log.warning("publishing %s failed, will retry: %r", row.event_id, exc)
        now = datetime.now(UTC)
        values = {"last_error": repr(exc)[:4000], "next_attempt_at": now + timedelta(seconds=policy.poll_interval)}
        return Outcome(row.seq, published=False, values=values, transport_error=True)
    return Outcome(row.seq, published=True)


def _dead(row: Row[Any], error: str) -> Outcome:
    values = {"attempts": row.attempts + 1, "last_error": error[:4000], "dead_at": datetime.now(UTC)}
    return Outcome(row.seq, published=False, values=values)
