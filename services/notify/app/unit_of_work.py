"""What notify's handlers and sender need from storage: the mail log, the inbox claim, the outbox, one commit.

Protocols, so that the same code runs on :class:`~services.notify.adapters.unit_of_work.
SqlNotifyUnitOfWork` and on the in-memory fake of the unit tests.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Protocol

from services.notify.domain.model import Mail
from shared.unit_of_work_protocol import UnitOfWorkProtocol


class MailLog(Protocol):
    async def add(self, mail: Mail, *, now: datetime) -> None: ...

    async def reserve_auto_reply(self, address: str, *, day: date, per_day: int) -> bool:
        """Count one auto-reply to the address on this day; False if ``per_day`` already went out."""

    async def take_due(self, *, now: datetime, lease_until: datetime, limit: int) -> list[Mail]:
        """Lease up to ``limit`` due mails: other senders skip them until ``lease_until``."""

    async def record(self, mail_id: uuid.UUID, *, now: datetime, **values: object) -> None:
        """Store the outcome of an attempt (status, attempts, errors, reply …)."""


class NotifyUnitOfWork(UnitOfWorkProtocol, Protocol):
    mails: MailLog
