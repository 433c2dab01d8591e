"""What a delivery attempt can end in, and what follows from it, without I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Delivered:
    transport: str
    reply: str


class DeliveryFailed(Exception):
    """A transport could not deliver; ``temporary`` failures (4xx, connection errors) are retried."""

    def __init__(self, reply: str, *, temporary: bool) -> None:
        super().__init__(reply)
        self.reply = reply
        self.temporary = temporary


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float
    max_delay_seconds: float
    give_up_after_seconds: float

    def next_attempt(self, *, attempts: int, queued_at: datetime, now: datetime) -> datetime | None:
        """When to try again after ``attempts`` failed tries; None when it is time to give up.

        Exponential back-off (base, 2×base, 4×base …, capped); a retry that would
        fall after the give-up time is not scheduled.
        """
        delay = min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_delay_seconds)
        at = now + timedelta(seconds=delay)
        if at > queued_at + timedelta(seconds=self.give_up_after_seconds):
            return None
        return at
