"""The mail log and the rate limit in the database; commits belong to the unit of work."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from services.notify.adapters.orm import auto_reply_counts, mails
from services.notify.domain.model import Mail, MailStatus, Purpose

_PENDING = (MailStatus.QUEUED, MailStatus.DEFERRED)


class MailRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, mail: Mail, *, now: datetime) -> None:
        values = asdict(mail)
        values.update(purpose=str(mail.purpose), status=str(mail.status), updated_at=now)
        await self.session.execute(insert(mails).values(**values))

    async def reserve_auto_reply(self, address: str, *, day: date, per_day: int) -> bool:
        """Count one auto-reply to the address on this day; False if ``per_day`` already went out.

        One atomic upsert, so two replicas answering the same sender at once cannot
        both take the last one: the conflicting row is locked and the count re-checked.
        The address's earlier days are dropped on the way, so the table stays small.
        """
        counts = auto_reply_counts
        await self.session.execute(delete(counts).where(counts.c.address == address, counts.c.day < day))
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(counts).values(address=address, day=day, sent=1)
        statement = statement.on_conflict_do_update(
            index_elements=["address", "day"],
            set_={"sent": counts.c.sent + 1},
            where=counts.c.sent < per_day,
        )
        result = await self.session.execute(statement)
        return result.rowcount == 1

    async def take_due(self, *, now: datetime, lease_until: datetime, limit: int) -> list[Mail]:
        """Lease up to ``limit`` due mails: other senders skip them until ``lease_until``."""
        m = mails.c
        query = (
            select(mails)
            .where(m.status.in_([str(s) for s in _PENDING]), m.next_attempt_at <= now)
            .order_by(m.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = (await self.session.execute(query)).mappings().all()
        if rows:
            await self.session.execute(
                update(mails).where(m.id.in_([r["id"] for r in rows])).values(next_attempt_at=lease_until)
            )
        return [_to_mail(row) for row in rows]

    async def record(self, mail_id: uuid.UUID, *, now: datetime, **values: object) -> None:
        """Store the outcome of an attempt (status, attempts, errors, reply …)."""
        await self.session.execute(update(mails).where(mails.c.id == mail_id).values(updated_at=now, **values))


def _to_mail(row) -> Mail:  # type: ignore[no-untyped-def]
    fields = Mail.__dataclass_fields__
    values = {k: v for k, v in row.items() if k in fields}
    values.update(purpose=Purpose(row["purpose"]), status=MailStatus(row["status"]))
    return Mail(**values)
