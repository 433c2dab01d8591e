"""The reporting projection's rules, without I/O.

Counts are sums of increments, so events may arrive in any order and the result
is the same. A queue's name is taken from the newest event that mentions it
(by the time the event occurred), so a late old event cannot undo a rename.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum


class Metric(StrEnum):
    TICKETS_CREATED = "tickets_created"
    ARTICLES_ADDED = "articles_added"
    TICKETS_CLOSED = "tickets_closed"
    MOVED_IN = "moved_in"
    MOVED_OUT = "moved_out"


CLOSED = "closed"


@dataclass(frozen=True)
class Increment:
    """Add one to ``metric`` for ``queue_id`` on ``day``."""

    metric: Metric
    day: date
    queue_id: int


@dataclass(frozen=True)
class QueueName:
    queue_id: int
    name: str
    as_of: datetime


def utc_day(moment: datetime) -> date:
    """The UTC calendar day of a moment; a naive time is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()


def count(metric: Metric, queue_id: int, at: datetime) -> Increment:
    return Increment(metric, utc_day(at), queue_id)


def closing(previous_state_type: str | None, state_type: str, queue_id: int, at: datetime) -> list[Increment]:
    """A ticket becoming closed counts in the queue it is in; one closed state after another does not.

    Each event carries its own transition (the state type before and after), so the count
    needs no per-ticket memory and the order events arrive in does not matter.
    """
    if state_type != CLOSED or previous_state_type in (None, CLOSED):
        return []
    return [count(Metric.TICKETS_CLOSED, queue_id, at)]


def moving(from_queue_id: int, to_queue_id: int, at: datetime) -> list[Increment]:
    """A move counts out of the queue it left and into the one it entered, on the same day."""
    return [count(Metric.MOVED_OUT, from_queue_id, at), count(Metric.MOVED_IN, to_queue_id, at)]
