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
