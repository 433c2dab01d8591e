"""Agents' TOTP secrets, sealed with Fernet under a key derived from the secret key.

Changing the secret key makes the stored secrets unreadable: those agents then cannot
pass the second factor until an administrator removes it (delete the ``agent_totp`` row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.identity.adapters import tables as identity_tables

t = identity_tables.agent_totp


@dataclass(frozen=True)
class StoredTotp:
    sealed_secret: str
    enabled: bool


class TotpStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, agent_id: int) -> StoredTotp | None:
        row = (await self.session.execute(select(t).where(t.c.agent_id == agent_id))).first()
        return None if row is None else StoredTotp(row.secret, row.enabled_at is not None)

    async def put_pending(self, agent_id: int, sealed_secret: str, now: datetime) -> None:
        """A new, not yet confirmed secret (replaces an earlier unconfirmed one)."""
        await self.remove(agent_id)
        await self.session.execute(insert(t).values(agent_id=agent_id, secret=sealed_secret, created_at=now))

    async def enable(self, agent_id: int, now: datetime) -> None:
        await self.session.execute(update(t).where(t.c.agent_id == agent_id).values(enabled_at=now))

    async def remove(self, agent_id: int) -> None:
        await self.session.execute(delete(t).where(t.c.agent_id == agent_id))

    async def claim_step(self, agent_id: int, step: int) -> bool:
        """Record ``step`` as used unless it or a later one was: False means a replayed code.

        One conditional update, so two logins racing with the same code cannot both win.
        """
        result = await self.session.execute(
            update(t)
            .where(t.c.agent_id == agent_id, or_(t.c.last_step.is_(None), t.c.last_step < step))
            .values(last_step=step)
        )
        return result.rowcount == 1
