"""Tickets closed and moved per queue and day, from ``ticket.updated`` and ``ticket.moved`` (SQLite and PostgreSQL)."""

from __future__ import annotations

import random

from services.stats.queries import tickets_per_queue_and_day
from services.stats.tests.events import created, moved, state_changed, utc

ALLGEMEIN, MATERIAL = (1, "Allgemein"), (2, "Materialwart")
OPEN, CLOSED, CLOSED_BAD = ("open", "open"), ("closed successful", "closed"), ("closed unsuccessful", "closed")


def _story() -> list:
    """Ticket 1 moves to Materialwart and is closed there, reopened, closed again the next day;
    ticket 2 goes from one closed state to another (not a second close)."""
    return [
        created(1, *ALLGEMEIN, utc(27)),
        moved(1, 2, ALLGEMEIN, MATERIAL, utc(27, 11)),
        state_changed(1, 3, *MATERIAL, utc(27, 12), old=OPEN, new=CLOSED),
        state_changed(1, 4, *MATERIAL, utc(28, 8), old=CLOSED, new=OPEN),
        state_changed(1, 5, *MATERIAL, utc(28, 9), old=OPEN, new=CLOSED),
        created(2, *ALLGEMEIN, utc(28)),
        state_changed(2, 2, *ALLGEMEIN, utc(28, 11), old=OPEN, new=CLOSED),
        state_changed(2, 3, *ALLGEMEIN, utc(28, 12), old=CLOSED, new=CLOSED_BAD),
    ]


async def _rows(stats) -> list[tuple]:  # type: ignore[no-untyped-def]
    report = await tickets_per_queue_and_day(stats.database, readable_queue_ids=[1, 2], first=None, last=None)
    return [(r.day.isoformat(), r.queue, r.count, r.closed, r.moved_in, r.moved_out) for r in report.rows]


EXPECTED = [
    ("2026-11-27", "Allgemein", 1, 0, 0, 1),
    ("2026-11-27", "Materialwart", 0, 1, 1, 0),
    ("2026-11-28", "Allgemein", 1, 1, 0, 0),
    ("2026-11-28", "Materialwart", 0, 1, 0, 0),
]


async def test_closes_and_moves_are_counted_per_queue_and_day(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    for envelope in _story():
        await stats.handlers.handle(envelope)
    assert await _rows(stats) == EXPECTED


async def test_any_order_and_repeats_give_the_same_counts(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    events = _story()
    shuffled = random.Random(7).sample(events, len(events))
    for envelope in shuffled + shuffled[:3]:  # redelivered events count once
        await stats.handlers.handle(envelope)
    assert await _rows(stats) == EXPECTED
