"""Failed logins per client address: how many are allowed in which window (no I/O).

What counts is the number of different attempts: the same login with the same wrong password
again (a user retyping, a client retrying) is no new guess. Guessing at one account is
also limited by tickets, per account; this limit is the one an address spraying many
accounts or passwords runs into.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta


def attempt_fingerprint(secret_key: str, login: str, password: str) -> str:
    """Tells repeats of one attempt apart from new ones without keeping the password.

    Keyed, so the table alone does not let anyone test guesses; rows live one window.
    """
    message = f"{login}\0{password}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class ThrottlePolicy:
    """``limit`` different failed attempts within ``window`` block the address until enough leave it."""

    limit: int = 10
    window: timedelta = timedelta(minutes=15)

    def since(self, now: datetime) -> datetime:
        return now - self.window

    def retry_after(self, now: datetime, failures: list[tuple[str, datetime]]) -> int | None:
        """Seconds until the address may try again, or None when it may try now.

        ``failures`` are (fingerprint, time) of the address's failures within the window.
        """
        latest: dict[str, datetime] = {}
        for fingerprint, at in failures:
            latest[fingerprint] = max(at, latest.get(fingerprint, at))
        if len(latest) < self.limit:
            return None
        times = sorted(latest.values())
        # The address is free again once only limit - 1 different attempts remain in the window.
        frees_at = times[len(times) - self.limit] + self.window
        return max(1, int((frees_at - now).total_seconds() + 0.999))
