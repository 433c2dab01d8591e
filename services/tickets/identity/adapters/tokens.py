"""Bearer tokens (sessions and API tokens), stored only as their sha256.

Agents' and customers' tokens live in separate tables, so one can never pass for the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.identity.adapters import tables as identity_tables


@dataclass(frozen=True)
class StoredToken:
    id: int
    owner_id: int
    kind: str
    last_used_at: datetime
    expires_at: datetime
    revoked: bool


class TokenStore:
    def __init__(
        self, session: AsyncSession, table: Table = identity_tables.auth_tokens, owner: str = "agent_id"
    ) -> None:
        self.session = session
        self.table = table
        self.owner = owner

    @classmethod
    def for_customers(cls, session: AsyncSession) -> TokenStore:
        return cls(session, identity_tables.customer_tokens, "customer_id")

    async def add(self, token_hash: str, owner_id: int, kind: str, now: datetime, expires_at: datetime) -> None:
        await self.session.execute(
            insert(self.table).values(
                token_hash=token_hash,
                **{self.owner: owner_id},
                kind=kind,
                created_at=now,
                last_used_at=now,
                expires_at=expires_at,
            )
        )

    async def find(self, token_hash: str) -> StoredToken | None:
        row = (await self.session.execute(select(self.table).where(self.table.c.token_hash == token_hash))).first()
        if row is None:
            return None
        return StoredToken(
            id=row.id,
            owner_id=getattr(row, self.owner),
            kind=row.kind,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked=row.revoked_at is not None,
        )

    async def touch(self, token_id: int, now: datetime) -> None:
        await self.session.execute(update(self.table).where(self.table.c.id == token_id).values(last_used_at=now))

    async def revoke(self, token_hash: str, now: datetime) -> None:
        await self.session.execute(
            update(self.table)
            .where(self.table.c.token_hash == token_hash, self.table.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def revoke_sessions_except(self, owner_id: int, keep_hash: str, now: datetime) -> None:
        t = self.table
        await self.session.execute(
            update(t)
            .where(
                t.c[self.owner] == owner_id,
                t.c.kind == "session",
                t.c.token_hash != keep_hash,
                t.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )

    async def revoke_all(self, owner_id: int, now: datetime) -> int:
        """Every live token of the owner, sessions and API tokens alike; returns how many."""
        t = self.table
        result = await self.session.execute(
            update(t).where(t.c[self.owner] == owner_id, t.c.revoked_at.is_(None)).values(revoked_at=now)
        )
        return result.rowcount
