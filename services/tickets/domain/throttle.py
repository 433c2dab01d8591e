"""Failed-login throttling per account: after ``MAX_FAILURES`` within ``WINDOW`` the account
refuses logins (even correct ones) until the window has passed.

Per client address throttling is the gateway's job: it sees the client, tickets
only sees the gateway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Failures:
    count: int
    window_start: datetime

    def blocked_until(self, now: datetime) -> datetime | None:
        end = self.window_start + WINDOW
        return end if self.count >= MAX_FAILURES and now < end else None

    def after_failure(self, now: datetime) -> Failures:
        if now >= self.window_start + WINDOW:
            return Failures(1, now)
        return Failures(self.count + 1, self.window_start)
