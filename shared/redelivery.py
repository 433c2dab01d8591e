"""How often a failing event is delivered again, decided the same on every RabbitMQ.

RabbitMQ 3.10 counts a requeued ``nack`` towards a quorum queue's
``x-delivery-limit``; from 4.3 on only ``reject`` and consumer crashes count. So
the consumer does not lean on the broker's limit: it reads the delivery count the
quorum queue stamps on every redelivery (``x-delivery-count``), requeues with
``reject(requeue=True)`` while attempts remain and rejects without requeue (which
dead-letters) on the last one. The queue's own ``x-delivery-limit`` stays as a
backstop for deliveries that never reach a decision (the process died).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def delivery_number(headers: Mapping[str, Any] | None, redelivered: bool) -> int:
    """1 for the first delivery, n for the n-th (``x-delivery-count`` counts earlier failures)."""
    count = (headers or {}).get("x-delivery-count")
    if isinstance(count, int) and count >= 0:
        return count + 1
    return 2 if redelivered else 1


def should_retry(delivery: int, max_deliveries: int) -> bool:
    """Requeue a failed delivery unless it was the last one allowed."""
    return delivery < max_deliveries


def retry_delay(delivery: int, base: float, cap: float = 5.0) -> float:
    """Back-off before a failed delivery is handed back (it holds one prefetch slot meanwhile)."""
    return min(cap, base * 2 ** (delivery - 1))
