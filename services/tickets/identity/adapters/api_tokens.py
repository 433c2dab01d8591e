"""An agent's API tokens as a list: what they are for and when they were used, never the token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.identity.domain.records import ApiTokenInfo

t = identity_tables.auth_tokens


class ApiTokens:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, agent_id: int, name: str, token_hash: str, now: datetime, expires_at: datetime) -> int:
        values = dict(token_hash=token_hash, agent_id=agent_id, kind="api", name=name, created_at=now)
        result = await self.session.execute(
            insert(t).values(**values, last_used_at=now, expires_at=expires_at).returning(t.c.id)
        )
        return result.scalar_one()

    async def of_agent(self, agent_id: int, now: datetime) -> list[ApiTokenInfo]:
        """The agent's live API tokens (revoked and expired ones are left out)."""
        rows = await self.session.execute(
            select(t.c.id, t.c.name, t.c.created_at, t.c.expires_at, t.c.last_used_at)
            .where(t.c.agent_id == agent_id, t.c.kind == "api", t.c.revoked_at.is_(None), t.c.expires_at > now)
            .order_by(t.c.id)
        )
        return [ApiTokenInfo(r.id, r.name or "", r.created_at, r.expires_at, r.last_used_at) for r in rows]

    async def revoke(self, agent_id: int, token_id: int, now: datetime) -> bool:
        """True when the agent had this live API token and it is now revoked."""
        result = await self.session.execute(
            update(t)
            .where(t.c.id == token_id, t.c.agent_id == agent_id, t.c.kind == "api", t.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
