"""Starting, resuming and ending sessions (one transaction each)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from services.gateway.app.unit_of_work import GatewayUnitOfWork
from services.gateway.domain.sessions import (
    Agent,
    Session,
    SessionKind,
    SessionPolicy,
    new_secret,
    open_session,
    session_key,
)

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Sessions:
    """The session use cases, bound to a database and a policy."""

    def __init__(self, uow: Callable[[], GatewayUnitOfWork], policy: SessionPolicy, clock: Clock = utcnow) -> None:
        self._uow = uow
        self.policy = policy
        self._clock = clock

    async def start(
        self, tickets_token: str, agent: Agent, tickets_expires_at: datetime | None, kind: SessionKind = "agent"
    ) -> tuple[str, Session]:
        """Open a session; returns the cookie value (never stored) and the session."""
        session_id = new_secret()
        session = open_session(session_id, tickets_token, agent, self._clock(), self.policy, tickets_expires_at, kind)
        async with self._uow() as uow:
            await uow.sessions.add(session)
            await uow.commit()
        return session_id, session

    async def resume(self, session_id: str) -> Session | None:
        """The live session for a cookie value; an expired one is deleted."""
        now = self._clock()
        async with self._uow() as uow:
            session = await uow.sessions.get(session_key(session_id))
            if session is None:
                return None
            if session.is_expired(now, self.policy):
                await uow.sessions.remove(session.key)
                await uow.commit()
                return None
            if session.needs_touch(now, self.policy):
                session = session.touched(now)
                await uow.sessions.touch(session)
                await uow.commit()
            return session

    async def end(self, session: Session) -> None:
        async with self._uow() as uow:
            await uow.sessions.remove(session.key)
            await uow.commit()

    async def purge_expired(self) -> int:
        now = self._clock()
        async with self._uow() as uow:
            removed = await uow.sessions.remove_expired(now, now - self.policy.idle)
            await uow.commit()
        return removed

    async def purge_forever(self, every_seconds: float = 600) -> None:
        """Background task: drop expired sessions now and then (resume() also drops them on sight)."""
        while True:
            try:
                removed = await self.purge_expired()
            except Exception:  # a database hiccup must not end the task: try again next round
                log.exception("could not purge expired sessions")
            else:
                if removed:
                    log.info("removed %d expired sessions", removed)
            await asyncio.sleep(every_seconds)
