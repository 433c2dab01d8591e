"""Agents log in with a password and work with an opaque bearer token.

The token is random and shown once; the database keeps only its sha256, so a
leaked table gives no usable token. A session ends after the runtime settings'
``session_idle_minutes`` without use or ``session_max_minutes`` after login, whichever
comes first; an API token lives until its expiry or until it is revoked.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import Parameters, PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from services.tickets.directory.app import runtime_settings
from services.tickets.directory.domain.permissions import PermissionSet
from services.tickets.directory.domain.records import AgentInfo
from services.tickets.errors import Forbidden, Invalid, NotFound, TooManyAttempts, Unauthenticated
from services.tickets.identity.app.second_factor import SECOND_FACTOR_REQUIRED, second_factor_problem
from services.tickets.identity.domain.passwords import check_new_password
from services.tickets.identity.domain.secret_box import SecretBox
from services.tickets.unit_of_work import TicketsUnitOfWork

TOUCH_EVERY = timedelta(minutes=1)
"""A session's last use is written at most this often, not on every request."""

PASSWORD_HASHING = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=2, memory_cost=19 * 1024, parallelism=1
)
"""argon2id at OWASP's recommended minimum (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).

The library's default (m=64 MiB, t=3, p=4) made an agent login take ~880 ms under load.
Hashes made with other parameters still verify and are replaced at the next login.
"""

_hasher = PasswordHasher.from_parameters(PASSWORD_HASHING)
# Verified when the login is unknown, so that an unknown login takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Caller:
    agent: AgentInfo
    permissions: PermissionSet
    readable_queue_ids: frozenset[int]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def require_good_password(uow: TicketsUnitOfWork, login_name: str, password: str) -> None:
    """The password rules with the length from the runtime settings (422 otherwise)."""
    check_new_password(login_name, password, (await runtime_settings.current(uow)).password_min_length)


async def password_ok(stored_hash: str | None, password: str) -> bool:
    try:
        return await asyncio.to_thread(_hasher.verify, stored_hash or _DUMMY_HASH, password) and bool(stored_hash)
    except (VerifyMismatchError, InvalidHashError):
        return False


async def rehashed(stored_hash: str, password: str) -> str | None:
    """A new hash of ``password`` when ``stored_hash`` was made with other parameters, else None.

    Only for a hash that ``password_ok`` has just accepted: the password is known to be right.
    """
    if not _hasher.check_needs_rehash(stored_hash):
        return None
    return await hash_password(password)


async def login(
    uow: TicketsUnitOfWork, box: SecretBox, login_name: str, password: str, otp: str | None = None
) -> tuple[str, datetime]:
    """A new session token for correct credentials of a valid agent (throttled per account).

    With TOTP enabled the code ``otp`` is needed too (``box`` opens the stored secret); a
    missing code is no failed attempt (clients ask for it only after this answer), a wrong one is.
    """
    now = datetime.now(UTC)
    async with uow:
        failures = uow.login_failures
        settings = await runtime_settings.current(uow)
        if (await failures.get(login_name, now)).blocked_until(now, settings.throttle) is not None:
            raise TooManyAttempts("too many failed logins for this account; try again later")
        agent = await uow.directory.agent_by_login(login_name)
        if not await password_ok(agent.password_hash if agent else None, password) or agent is None or not agent.valid:
            await failures.put(login_name, (await failures.get(login_name, now)).after_failure(now, settings.throttle))
            await uow.commit()
            raise Unauthenticated("wrong login or password")
        problem = await second_factor_problem(uow, box, agent.id, otp)
        if problem is not None:
            if problem != SECOND_FACTOR_REQUIRED:
                await failures.put(
                    login_name, (await failures.get(login_name, now)).after_failure(now, settings.throttle)
                )
                await uow.commit()
            raise Unauthenticated(problem)
        await failures.clear(login_name)
        if agent.password_hash and (new_hash := await rehashed(agent.password_hash, password)):
            await uow.directory.set_password_hash(agent.id, new_hash)
        token = secrets.token_urlsafe(32)
        expires_at = now + settings.session_max
        await uow.agent_tokens.add(hash_token(token), agent.id, "session", now, expires_at)
        await uow.commit()
    return token, expires_at


async def issue_api_token(uow: TicketsUnitOfWork, login_name: str, days: int) -> str:
    async with uow:
        agent = await uow.directory.agent_by_login(login_name)
        if agent is None:
            raise NotFound(f"no agent {login_name!r}")
        token, now = secrets.token_urlsafe(32), datetime.now(UTC)
        await uow.agent_tokens.add(hash_token(token), agent.id, "api", now, now + timedelta(days=days))
        await uow.commit()
    return token


async def logout(uow: TicketsUnitOfWork, token: str) -> None:
    async with uow:
        await uow.agent_tokens.revoke(hash_token(token), datetime.now(UTC))
        await uow.commit()


async def authenticate(uow: TicketsUnitOfWork, token: str) -> Caller:
    """The caller behind a bearer token, with the permissions that hold right now."""
    now = datetime.now(UTC)
    async with uow:
        store = uow.agent_tokens
        stored = await store.find(hash_token(token))
        if stored is None or stored.revoked or stored.expires_at <= now:
            raise Unauthenticated("invalid or expired token")
        idle = (await runtime_settings.current(uow)).session_idle
        if stored.kind == "session" and stored.last_used_at + idle <= now:
            raise Unauthenticated("session expired")
        agent = await uow.directory.agent(stored.owner_id)
        if agent is None or not agent.valid:
            raise Unauthenticated("agent disabled")
        permissions = await uow.directory.permissions(agent.id)
        readable = frozenset(await uow.directory.readable_queue_ids(permissions))
        if now - stored.last_used_at >= TOUCH_EVERY:
            await store.touch(stored.id, now)
            await uow.commit()
    return Caller(agent=agent, permissions=permissions, readable_queue_ids=readable)


async def change_password(uow: TicketsUnitOfWork, caller: Caller, token: str, current: str, new: str) -> None:
    """A new password for the caller; the agent's other sessions end (API tokens stay)."""
    if not await password_ok(caller.agent.password_hash, current):
        raise Forbidden("the current password is wrong")
    if new == current:
        raise Invalid("the new password must differ from the current one")
    async with uow:
        await require_good_password(uow, caller.agent.login, new)
        new_hash = await hash_password(new)
        await uow.directory.set_password_hash(caller.agent.id, new_hash)
        await uow.agent_tokens.revoke_sessions_except(caller.agent.id, hash_token(token), datetime.now(UTC))
        await uow.commit()
