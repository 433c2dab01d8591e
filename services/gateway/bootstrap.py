"""The gateway's handlers wired to their dependencies: the real ones in ``main``, fakes in the unit tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from services.gateway.app import commands, sessions, throttle
from services.gateway.app.bus import MessageBus
from services.gateway.app.sessions import Clock
from services.gateway.app.unit_of_work import UnitOfWork
from services.gateway.domain.sessions import SessionPolicy
from services.gateway.domain.throttle import ThrottlePolicy


def utcnow() -> datetime:
    return datetime.now(UTC)


def bootstrap(
    uow: Callable[[], UnitOfWork],
    session_policy: SessionPolicy,
    throttle_policy: ThrottlePolicy,
    secret_key: str,
    clock: Clock = utcnow,
) -> MessageBus:
    """``uow`` makes one unit of work per command; ``clock`` is the time the policies are applied at."""
    on_sessions = {"policy": session_policy, "clock": clock}
    on_logins = {"policy": throttle_policy, "clock": clock}
    return MessageBus(
        uow,
        {
            commands.StartSession: partial(sessions.start_session, **on_sessions),
            commands.ResumeSession: partial(sessions.resume_session, **on_sessions),
            commands.EndSession: sessions.end_session,
            commands.PurgeExpiredSessions: partial(sessions.purge_expired_sessions, **on_sessions),
            commands.CheckLoginThrottle: partial(throttle.check_login_throttle, **on_logins),
            commands.RecordFailedLogin: partial(throttle.record_failed_login, secret_key=secret_key, **on_logins),
        },
    )
