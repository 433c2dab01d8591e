"""Failed-login throttling per account: after ``limit`` failures within ``window`` the account
refuses logins (even correct ones) until the window has passed. Both are runtime settings
(``login_max_failures``, ``login_window_minutes``); the defaults are below.

Per client address throttling is the gateway's job: it sees the client, tickets
only sees the gateway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Throttle:
    limit: int = MAX_FAILURES
    window: timedelta = WINDOW


@dataclass(frozen=True)
class Failures:
    count: int
    window_start: datetime

    def blocked_until(self, now: datetime, throttle: Throttle = Throttle()) -> datetime | None:
        end = self.window_start + throttle.window
        return end if self.count >= throttle.limit and now < end else None

    def after_failure(self, now: datetime, throttle: Throttle = Throttle()) -> Failures:
        if now >= self.window_start + throttle.window:
            return Failures(1, now)
        return Failures(self.count + 1, self.window_start)
