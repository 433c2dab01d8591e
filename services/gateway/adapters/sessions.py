"""Sessions in the gateway's database. Never commits: the unit of work does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.gateway.adapters.orm import sessions
from services.gateway.domain.sessions import Agent, Session


def _to_row(session: Session) -> dict[str, Any]:
    return {
        "key": session.key,
        "csrf_token": session.csrf_token,
        "tickets_token": session.tickets_token,
        "agent_login": session.agent.login,
        "agent_name": session.agent.name,
        "agent_email": session.agent.email,
        "agent_language": session.agent.language,
        "agent_is_admin": session.agent.is_admin,
        "created_at": session.created_at,
        "last_seen_at": session.last_seen_at,
        "expires_at": session.expires_at,
        "kind": session.kind,
    }


def _from_row(row: Any) -> Session:
    return Session(
        key=row.key,
        csrf_token=row.csrf_token,
        tickets_token=row.tickets_token,
        agent=Agent(
            login=row.agent_login,
            name=row.agent_name,
            email=row.agent_email,
            language=row.agent_language,
            is_admin=row.agent_is_admin,
        ),
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        expires_at=row.expires_at,
        kind=row.kind,
    )


class SqlSessionRepository:
    def __init__(self, db_session: AsyncSession) -> None:
        self._db = db_session

    async def add(self, session: Session) -> None:
        await self._db.execute(insert(sessions).values(**_to_row(session)))

    async def get(self, key: str) -> Session | None:
        row = (await self._db.execute(select(sessions).where(sessions.c.key == key))).one_or_none()
        return None if row is None else _from_row(row)

    async def touch(self, session: Session) -> None:
        await self._db.execute(
            update(sessions).where(sessions.c.key == session.key).values(last_seen_at=session.last_seen_at)
        )

    async def remove(self, key: str) -> None:
        await self._db.execute(delete(sessions).where(sessions.c.key == key))

    async def remove_expired(self, now: datetime, idle_since: datetime) -> int:
        result = await self._db.execute(
            delete(sessions).where(or_(sessions.c.expires_at <= now, sessions.c.last_seen_at <= idle_since))
        )
        return result.rowcount or 0
