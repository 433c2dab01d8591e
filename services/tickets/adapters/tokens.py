"""Bearer tokens (sessions and API tokens), stored only as their sha256."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.adapters import orm

tk = orm.auth_tokens


@dataclass(frozen=True)
class StoredToken:
    id: int
    agent_id: int
    kind: str
    last_used_at: datetime
    expires_at: datetime
    revoked: bool


class TokenStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, token_hash: str, agent_id: int, kind: str, now: datetime, expires_at: datetime) -> None:
        await self.session.execute(
            insert(tk).values(
                token_hash=token_hash,
                agent_id=agent_id,
                kind=kind,
                created_at=now,
                last_used_at=now,
                expires_at=expires_at,
            )
        )

    async def find(self, token_hash: str) -> StoredToken | None:
        row = (await self.session.execute(select(tk).where(tk.c.token_hash == token_hash))).first()
        if row is None:
            return None
        return StoredToken(
            id=row.id,
            agent_id=row.agent_id,
            kind=row.kind,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            revoked=row.revoked_at is not None,
        )

    async def touch(self, token_id: int, now: datetime) -> None:
        await self.session.execute(update(tk).where(tk.c.id == token_id).values(last_used_at=now))

    async def revoke(self, token_hash: str, now: datetime) -> None:
        await self.session.execute(
            update(tk).where(tk.c.token_hash == token_hash, tk.c.revoked_at.is_(None)).values(revoked_at=now)
        )

    async def revoke_sessions_except(self, agent_id: int, keep_hash: str, now: datetime) -> None:
        await self.session.execute(
            update(tk)
            .where(
                tk.c.agent_id == agent_id,
                tk.c.kind == "session",
                tk.c.token_hash != keep_hash,
                tk.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
