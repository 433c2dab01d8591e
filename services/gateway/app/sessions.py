"""Starting, resuming and ending sessions: one handler per command, one transaction each."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from services.gateway.app.commands import EndSession, PurgeExpiredSessions, ResumeSession, StartSession
from services.gateway.app.unit_of_work import UnitOfWork
from services.gateway.domain.sessions import Session, SessionPolicy, new_secret, open_session, session_key
from shared.loops import run_loop

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


async def start_session(
    command: StartSession, uow: UnitOfWork, *, policy: SessionPolicy, clock: Clock
) -> tuple[str, Session]:
    session_id = new_secret()
    session = open_session(
        session_id, command.tickets_token, command.agent, clock(), policy, command.tickets_expires_at, command.kind
    )
    async with uow:
        await uow.sessions.add(session)
        await uow.commit()
    return session_id, session


async def resume_session(
    command: ResumeSession, uow: UnitOfWork, *, policy: SessionPolicy, clock: Clock
) -> Session | None:
    now = clock()
    async with uow:
        session = await uow.sessions.get(session_key(command.session_id))
        if session is None:
            return None
        if session.is_expired(now, policy):
            await uow.sessions.remove(session.key)
            await uow.commit()
            return None
        if session.needs_touch(now, policy):
            session = session.touched(now)
            await uow.sessions.touch(session)
            await uow.commit()
        return session


async def end_session(command: EndSession, uow: UnitOfWork) -> None:
    async with uow:
        await uow.sessions.remove(command.key)
        await uow.commit()


async def purge_expired_sessions(
    command: PurgeExpiredSessions, uow: UnitOfWork, *, policy: SessionPolicy, clock: Clock
) -> int:
    now = clock()
    async with uow:
        removed = await uow.sessions.remove_expired(now, now - policy.idle)
        await uow.commit()
    return removed


async def purge_forever(purge: Callable[[], Awaitable[int]], every_seconds: float = 600) -> None:
    """Background task: drop expired sessions now and then (resuming also drops them on sight)."""

    async def step() -> bool:
        if removed := await purge():
            log.info("removed %d expired sessions", removed)
        return False  # one purge a round, then wait

    await run_loop(step, name="session purge", interval=every_seconds)
