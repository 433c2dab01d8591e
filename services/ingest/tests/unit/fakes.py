"""Ingest's storage in memory, behind the Protocols of ``services.ingest.app.repositories``.

One :class:`IngestState` holds every table, so a fake unit of work changes them
together and a rollback undoes them together, as the database would.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.ingest.domain.accounts import (
    AccountNameTaken,
    AccountNotFound,
    AfterFetch,
    MailAccount,
    Protocol,
    Security,
)
from services.ingest.domain.dedup import CopyAnnouncedMeanwhile
from services.ingest.domain.filters import (
    FilterActions,
    FilterMatch,
    FilterNameTaken,
    FilterNotFound,
    PostmasterFilter,
)
from services.ingest.domain.model import RawMessage, RawStatus
from services.ingest.domain.system_addresses import Snapshot
from shared.tests.fake_unit_of_work import FakeStore, FakeUnitOfWork


@dataclass
class IngestState:
    raw: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[int, dict[str, Any]] = field(default_factory=dict)
    filters: dict[int, dict[str, Any]] = field(default_factory=dict)
    system_addresses: Snapshot | None = None


class FakeRawMessages:
    def __init__(self, state: IngestState) -> None:
        self.state = state

    async def add(self, message: RawMessage, *, sha256: str) -> None:
        row = dataclasses.asdict(message)
        row.update(sha256=sha256, status=RawStatus.STORED, lease_until=None, dedup_key=None)
        self.state.raw[message.id] = row

    async def prune(self, parsed_before: datetime, limit: int) -> int:
        done = (RawStatus.PARSED, RawStatus.DUPLICATE, RawStatus.IGNORED)
        expired = [
            raw_id
            for raw_id, row in self.state.raw.items()
            if row["status"] in done and row.get("parsed_at") is not None and row["parsed_at"] < parsed_before
        ][:limit]
        for raw_id in expired:
            del self.state.raw[raw_id]
        return len(expired)

    async def has_bytes(self, sha256: str) -> bool:
        return any(row["sha256"] == sha256 for row in self.state.raw.values())

    async def claim_next(self, now: datetime, lease: timedelta) -> RawMessage | None:
        free = [
            row
            for row in self.state.raw.values()
            if row["status"] == RawStatus.STORED and (row["lease_until"] is None or row["lease_until"] < now)
        ]
        if not free:
            return None
        row = min(free, key=lambda r: r["received_at"])
        row.update(attempts=row["attempts"] + 1, lease_until=now + lease)
        return RawMessage(**{k: row[k] for k in RawMessage.__dataclass_fields__})

    async def account_name(self, account_id: int) -> str:
        row = self.state.accounts.get(account_id)
        return row["name"] if row else f"mail account {account_id} (deleted)"

    async def first_copy(self, dedup_key: str) -> uuid.UUID | None:
        return next((i for i, row in self.state.raw.items() if row["dedup_key"] == dedup_key), None)

    async def finish(self, raw_id: uuid.UUID, **values: object) -> bool:
        row = self.state.raw[raw_id]
        if row["status"] != RawStatus.STORED:
            return False
        key = values.get("dedup_key")
        if key is not None and any(r["dedup_key"] == key for i, r in self.state.raw.items() if i != raw_id):
            raise CopyAnnouncedMeanwhile(str(raw_id))
        row.update(lease_until=None, **values)
        return True


class FakeMailAccounts:
    def __init__(self, state: IngestState) -> None:
        self.state = state

    async def add(self, values: dict[str, Any], now: datetime) -> int:
        self._unique(values["name"], None)
        account_id = max(self.state.accounts, default=0) + 1
        self.state.accounts[account_id] = {"id": account_id, **values, "updated_at": now, "failures": 0}
        return account_id

    async def get(self, account_id: int) -> MailAccount:
        row = self._row(account_id)
        values = {k: row[k] for k in MailAccount.__dataclass_fields__ if k in row}
        values.update(
            protocol=Protocol(row["protocol"]),
            security=Security(row["security"]),
            after_fetch=AfterFetch(row.get("after_fetch", AfterFetch.DELETE)),
        )
        return MailAccount(**values)

    async def change(self, account_id: int, values: dict[str, Any], now: datetime) -> None:
        row = self._row(account_id)
        if "name" in values:
            self._unique(values["name"], account_id)
        row.update(values, updated_at=now, failures=0, next_attempt_at=None)

    async def remove(self, account_id: int) -> None:
        self._row(account_id)
        del self.state.accounts[account_id]

    async def versions(self) -> dict[int, datetime]:
        return {i: row["updated_at"] for i, row in self.state.accounts.items() if row.get("enabled", True)}

    async def lease(self, account_id: int, owner: str, now: datetime, until: datetime) -> bool:
        row = self._row(account_id)
        holder, held_until = row.get("lease_owner"), row.get("lease_until")
        if holder not in (None, owner) and held_until is not None and held_until >= now:
            return False
        row.update(lease_owner=owner, lease_until=until)
        return True

    async def release(self, owner: str) -> None:
        for row in self.state.accounts.values():
            if row.get("lease_owner") == owner:
                row.update(lease_owner=None, lease_until=None)

    async def record_success(self, account_id: int, now: datetime) -> None:
        self._row(account_id).update(last_success_at=now, failures=0, next_attempt_at=None)

    async def record_failure(
        self, account_id: int, error: str, failures: int, now: datetime, retry_at: datetime
    ) -> None:
        self._row(account_id).update(last_error=error, last_error_at=now, failures=failures, next_attempt_at=retry_at)

    def _row(self, account_id: int) -> dict[str, Any]:
        if account_id not in self.state.accounts:
            raise AccountNotFound(f"no mail account {account_id}")
        return self.state.accounts[account_id]

    def _unique(self, name: str, account_id: int | None) -> None:
        if any(row["name"] == name and i != account_id for i, row in self.state.accounts.items()):
            raise AccountNameTaken(f"an account named {name!r} exists")


class FakeFilters:
    def __init__(self, state: IngestState) -> None:
        self.state = state

    async def enabled(self) -> list[PostmasterFilter]:
        rows = sorted(self.state.filters.items(), key=lambda item: (item[1].get("position", 0), item[0]))
        return [_filter(row) for _, row in rows if row.get("enabled", True)]

    async def add(self, values: dict[str, Any]) -> int:
        self._unique(values["name"], None)
        filter_id = max(self.state.filters, default=0) + 1
        self.state.filters[filter_id] = dict(values)
        return filter_id

    async def change(self, filter_id: int, values: dict[str, Any]) -> None:
        if filter_id not in self.state.filters:
            raise FilterNotFound(f"no postmaster filter {filter_id}")
        if "name" in values:
            self._unique(values["name"], filter_id)
        self.state.filters[filter_id].update(values)

    async def remove(self, filter_id: int) -> None:
        if self.state.filters.pop(filter_id, None) is None:
            raise FilterNotFound(f"no postmaster filter {filter_id}")

    def _unique(self, name: str, filter_id: int | None) -> None:
        if any(row["name"] == name and i != filter_id for i, row in self.state.filters.items()):
            raise FilterNameTaken(f"a filter named {name!r} exists")


def _filter(row: dict[str, Any]) -> PostmasterFilter:
    actions = dict(row.get("actions") or {})
    actions["tags"] = tuple(actions.get("tags") or ())
    return PostmasterFilter(
        name=row["name"],
        matches=tuple(FilterMatch(**match) for match in row["matches"]),
        actions=FilterActions(**actions),
        stop=row.get("stop", False),
    )


class FakeSystemAddresses:
    def __init__(self, state: IngestState) -> None:
        self.state = state

    async def snapshot(self) -> Snapshot | None:
        return self.state.system_addresses

    async def replace(self, addresses: list[str], as_of: datetime, received_at: datetime) -> bool:
        kept = self.state.system_addresses
        if kept is not None and kept.as_of >= as_of:
            return False
        self.state.system_addresses = Snapshot(list(addresses), as_of)
        return True


class FakeIngestUnitOfWork(FakeUnitOfWork[IngestState]):
    raw_messages: FakeRawMessages
    accounts: FakeMailAccounts
    filters: FakeFilters
    system_addresses: FakeSystemAddresses

    def open_repositories(self, state: IngestState) -> None:
        self.raw_messages = FakeRawMessages(state)
        self.accounts = FakeMailAccounts(state)
        self.filters = FakeFilters(state)
        self.system_addresses = FakeSystemAddresses(state)


def fake_store() -> FakeStore[IngestState]:
    return FakeStore(IngestState())
