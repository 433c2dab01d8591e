"""Tickets' signed identity of a caller, kept so that not every call to stats, ingest or notify asks for it.

Keyed by a hash of the caller's credential (the UI session's tickets token or the API
caller's ``Authorization`` header), so the cache holds no usable secret. An entry lives
``lifetime`` from the moment it was asked for, which is shorter than the verifiers accept
the signature (``shared.identity.MAX_AGE_SECONDS``): a kept identity is never refused as
expired. The price: a permission change or a revoked token reaches stats, ingest and
notify up to ``lifetime`` later (tickets itself always decides afresh). Bounded: the
least recently used entry goes first.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta

from shared.identity import MAX_AGE_SECONDS

LIFETIME = timedelta(seconds=MAX_AGE_SECONDS - 60)
"""A minute's margin for the time a call takes and for clocks that differ between hosts."""


def _key(credential: str) -> str:
    return hashlib.sha256(credential.encode()).hexdigest()


class IdentityCache:
    def __init__(self, clock: Callable[[], datetime], lifetime: timedelta = LIFETIME, capacity: int = 10_000) -> None:
        self._clock = clock
        self._lifetime = lifetime
        self._capacity = capacity
        self._entries: OrderedDict[str, tuple[str, datetime]] = OrderedDict()

    def now(self) -> datetime:
        return self._clock()

    def get(self, credential: str) -> str | None:
        """The signed identity kept for this credential, or None when there is none or it is too old."""
        key = _key(credential)
        entry = self._entries.get(key)
        if entry is None:
            return None
        identity, expires_at = entry
        if self._clock() >= expires_at:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return identity

    def put(self, credential: str, identity: str, asked_at: datetime) -> None:
        """Keep ``identity``, asked for at ``asked_at`` (before the call: tickets signed it after that)."""
        key = _key(credential)
        self._entries[key] = (identity, asked_at + self._lifetime)
        self._entries.move_to_end(key)
        while len(self._entries) > self._capacity:
            self._entries.popitem(last=False)

    def forget(self, credential: str) -> None:
        """Drop the entry, e.g. when its session ends."""
        self._entries.pop(_key(credential), None)

    def __len__(self) -> int:
        return len(self._entries)
