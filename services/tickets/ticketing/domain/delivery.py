"""The delivery status of an outgoing article, as notify reports it.

Reports may arrive in any order (a late "deferred" after "sent"); a final result
is never overwritten by a provisional one.
"""

from __future__ import annotations

from enum import StrEnum


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    DEFERRED = "deferred"
    SENT = "sent"
    FAILED = "failed"


_RANK = {DeliveryStatus.QUEUED: 0, DeliveryStatus.DEFERRED: 1, DeliveryStatus.FAILED: 2, DeliveryStatus.SENT: 3}


def merge(current: DeliveryStatus | None, reported: DeliveryStatus) -> DeliveryStatus:
    """The status to keep when ``reported`` arrives while ``current`` is recorded."""
    if current is None or _RANK[reported] >= _RANK[current]:
        return reported
    return current
