"""What ingest's use cases need from storage, one Protocol per repository.

``adapters/`` implements them on SQL; the unit tests' fakes in memory.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Protocol

from services.ingest.domain.accounts import MailAccount
from services.ingest.domain.filters import PostmasterFilter
from services.ingest.domain.model import RawMessage
from services.ingest.domain.system_addresses import Snapshot


class RawMessages(Protocol):
    async def add(self, message: RawMessage, *, sha256: str) -> None: ...

    async def prune(self, parsed_before: datetime, limit: int) -> int:
        """Delete up to ``limit`` messages finished before then; stored and quarantined ones are kept."""

    async def has_bytes(self, sha256: str) -> bool:
        """Whether exactly these bytes were stored before (an import run again)."""

    async def claim_next(self, now: datetime, lease: timedelta) -> RawMessage | None:
        """Take the oldest unparsed message no other worker holds, and count the attempt."""

    async def account_name(self, account_id: int) -> str:
        """The name of the account a message came from (it may have been deleted since)."""

    async def first_copy(self, dedup_key: str) -> uuid.UUID | None: ...

    async def finish(self, raw_id: uuid.UUID, **values: object) -> bool:
        """Record the outcome of parsing; False if another worker finished it first.

        Raises :class:`~services.ingest.domain.dedup.CopyAnnouncedMeanwhile` when a
        copy announced concurrently holds the dedup key.
        """


class MailAccounts(Protocol):
    async def add(self, values: dict[str, Any], now: datetime) -> int: ...

    async def get(self, account_id: int) -> MailAccount: ...

    async def change(self, account_id: int, values: dict[str, Any], now: datetime) -> None: ...

    async def remove(self, account_id: int) -> None: ...

    async def versions(self) -> dict[int, datetime]:
        """Enabled accounts and when each was last changed (the poller's view)."""

    async def lease(self, account_id: int, owner: str, now: datetime, until: datetime) -> bool:
        """Hold the account for ``owner`` until ``until``; False while another poller holds it."""

    async def release(self, owner: str) -> None: ...

    async def record_success(self, account_id: int, now: datetime) -> None: ...

    async def record_failure(
        self, account_id: int, error: str, failures: int, now: datetime, retry_at: datetime
    ) -> None: ...


class Filters(Protocol):
    async def enabled(self) -> list[PostmasterFilter]:
        """The filters that run, in order."""

    async def add(self, values: dict[str, Any]) -> int: ...

    async def change(self, filter_id: int, values: dict[str, Any]) -> None: ...

    async def remove(self, filter_id: int) -> None: ...


class SystemAddresses(Protocol):
    async def snapshot(self) -> Snapshot | None:
        """The latest snapshot, or None while none has arrived yet."""

    async def replace(self, addresses: list[str], as_of: datetime, received_at: datetime) -> bool:
        """Keep this snapshot unless a later one is there; True when it was kept."""
