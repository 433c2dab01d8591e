"""Reading and writing raw messages; commits belong to the unit of work."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.ingest.adapters.orm import mail_accounts, raw_messages
from services.ingest.domain.dedup import CopyAnnouncedMeanwhile
from services.ingest.domain.model import RawMessage, RawStatus


class RawMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, message: RawMessage, *, sha256: str) -> None:
        await self.session.execute(
            insert(raw_messages).values(
                id=message.id,
                received_at=message.received_at,
                channel="email",
                source=message.source,
                envelope_from=message.envelope_from,
                envelope_to=message.envelope_to,
                size=len(message.raw),
                sha256=sha256,
                raw=message.raw,
                status=RawStatus.STORED,
                attempts=0,
                parse_problems=[],
                account_id=message.account_id,
                trusted=message.trusted,
                queue=message.queue,
                import_state=message.import_state,
            )
        )

    async def prune(self, parsed_before: datetime, limit: int) -> int:
        """Delete up to ``limit`` messages finished before then; stored and quarantined ones are kept."""
        r = raw_messages.c
        done = (RawStatus.PARSED, RawStatus.DUPLICATE, RawStatus.IGNORED)
        expired = select(r.id).where(r.status.in_(done), r.parsed_at < parsed_before).limit(limit)
        result = await self.session.execute(delete(raw_messages).where(r.id.in_(expired.scalar_subquery())))
        return result.rowcount

    async def has_bytes(self, sha256: str) -> bool:
        """Whether exactly these bytes were stored before (an import run again)."""
        found = await self.session.execute(select(raw_messages.c.id).where(raw_messages.c.sha256 == sha256).limit(1))
        return found.first() is not None

    async def claim_next(self, now: datetime, lease: timedelta) -> RawMessage | None:
        """Take the oldest unparsed message no other worker holds, and count the attempt."""
        r = raw_messages.c
        row = (
            await self.session.execute(
                select(
                    r.id,
                    r.received_at,
                    r.source,
                    r.envelope_from,
                    r.envelope_to,
                    r.raw,
                    r.attempts,
                    r.account_id,
                    r.trusted,
                    r.queue,
                    r.import_state,
                )
                .where(r.status == RawStatus.STORED, or_(r.lease_until.is_(None), r.lease_until < now))
                .order_by(r.received_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
        ).first()
        if row is None:
            return None
        await self.session.execute(
            update(raw_messages).where(r.id == row.id).values(attempts=row.attempts + 1, lease_until=now + lease)
        )
        return RawMessage(
            id=row.id,
            received_at=row.received_at,
            source=row.source,
            envelope_from=row.envelope_from,
            envelope_to=list(row.envelope_to),
            raw=row.raw,
            attempts=row.attempts + 1,
            account_id=row.account_id,
            trusted=row.trusted,
            queue=row.queue,
            import_state=row.import_state,
        )

    async def account_name(self, account_id: int) -> str:
        """The name of the account a message came from (it may have been deleted since)."""
        name = (
            await self.session.execute(select(mail_accounts.c.name).where(mail_accounts.c.id == account_id))
        ).scalar_one_or_none()
        return name or f"mail account {account_id} (deleted)"

    async def first_copy(self, dedup_key: str) -> uuid.UUID | None:
        return (
            await self.session.execute(select(raw_messages.c.id).where(raw_messages.c.dedup_key == dedup_key))
        ).scalar_one_or_none()

    async def finish(self, raw_id: uuid.UUID, **values: object) -> bool:
        """Record the outcome of parsing; False if another worker finished it first.

        Raises :class:`CopyAnnouncedMeanwhile` when the dedup key was taken by a copy
        announced concurrently (the unique index decides between the two).
        """
        try:
            result = await self.session.execute(
                update(raw_messages)
                .where(raw_messages.c.id == raw_id, raw_messages.c.status == RawStatus.STORED)
                .values(lease_until=None, **values)
            )
        except IntegrityError as exc:
            raise CopyAnnouncedMeanwhile(str(raw_id)) from exc
        return result.rowcount == 1
