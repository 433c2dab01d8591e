"""Notify's storage and transport in memory, behind the Protocols of ``services.notify.app``."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from services.notify.domain.delivery import Delivered, DeliveryFailed
from services.notify.domain.model import Mail, MailStatus, Purpose
from shared.tests.fake_unit_of_work import FakeStore, FakeUnitOfWork

_PENDING = (MailStatus.QUEUED, MailStatus.DEFERRED)


@dataclass
class MailLogState:
    rows: dict[uuid.UUID, dict] = field(default_factory=dict)
    """Mail id → the row as the ``mails`` table holds it (status as text, transport, reply …)."""
    auto_replies: dict[tuple[str, date], int] = field(default_factory=dict)
    """(address, UTC day) → auto-replies counted, as ``auto_reply_counts`` holds them."""


class FakeMailLog:
    def __init__(self, state: MailLogState) -> None:
        self.state = state

    async def add(self, mail: Mail, *, now: datetime) -> None:
        row = asdict(mail)
        row.update(purpose=str(mail.purpose), status=str(mail.status), updated_at=now)
        self.state.rows[mail.id] = row

    async def reserve_auto_reply(self, address: str, *, day: date, per_day: int) -> bool:
        count = self.state.auto_replies.get((address, day), 0)
        if count >= per_day:
            return False
        self.state.auto_replies[(address, day)] = count + 1
        return True

    async def take_due(self, *, now: datetime, lease_until: datetime, limit: int) -> list[Mail]:
        due = [
            row
            for row in self.state.rows.values()
            if row["status"] in _PENDING and row["next_attempt_at"] is not None and row["next_attempt_at"] <= now
        ]
        due = sorted(due, key=lambda row: row["next_attempt_at"])[:limit]
        taken = [_to_mail(row) for row in due]
        for row in due:
            row["next_attempt_at"] = lease_until
        return taken

    async def record(self, mail_id: uuid.UUID, *, now: datetime, **values: object) -> None:
        self.state.rows[mail_id].update(updated_at=now, **values)


def _to_mail(row: dict) -> Mail:
    values = {k: v for k, v in row.items() if k in Mail.__dataclass_fields__}
    values.update(purpose=Purpose(row["purpose"]), status=MailStatus(row["status"]))
    return Mail(**values)


class FakeNotifyUnitOfWork(FakeUnitOfWork[MailLogState]):
    mails: FakeMailLog

    def open_repositories(self, state: MailLogState) -> None:
        self.mails = FakeMailLog(state)


def fake_store() -> FakeStore[MailLogState]:
    return FakeStore(MailLogState())


@dataclass
class FakeTransport:
    """Takes every mail, unless ``failures`` holds a ``DeliveryFailed`` to raise first (one per attempt)."""

    name: str = "fake"
    failures: list[DeliveryFailed] = field(default_factory=list)
    sent: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def send(self, raw: bytes, *, sender: str, recipients: list[str], mail_id: uuid.UUID) -> Delivered:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((sender, recipients, raw))
        return Delivered(self.name, f"250 2.0.0 {mail_id}")
