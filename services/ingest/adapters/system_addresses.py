"""The one-row projection of tickets' system addresses; commits belong to the unit of work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.ingest.adapters.orm import system_addresses
from services.ingest.domain.system_addresses import Snapshot

s = system_addresses.c
ROW = 1


class SystemAddressStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def snapshot(self) -> Snapshot | None:
        """The latest snapshot, or None while none has arrived yet."""
        row = (await self.session.execute(select(s.addresses, s.as_of).where(s.id == ROW))).first()
        if row is None or row.as_of is None:
            return None
        return Snapshot(list(row.addresses), row.as_of)

    async def replace(self, addresses: list[str], as_of: datetime, received_at: datetime) -> bool:
        """Keep this snapshot unless a later one is there; True when it was kept.

        One conditional update: with two replicas taking snapshots at once, the
        row lock orders them and the later ``as_of`` wins either way.
        """
        result = await self.session.execute(
            update(system_addresses)
            .where(s.id == ROW, or_(s.as_of.is_(None), s.as_of < as_of))
            .values(addresses=addresses, as_of=as_of, received_at=received_at)
        )
        return result.rowcount == 1
