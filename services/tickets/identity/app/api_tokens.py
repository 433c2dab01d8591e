"""API tokens an agent manages himself; admins may list and revoke other agents' tokens.

A token is shown once, on creation; afterwards only its id, name and dates are known.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from services.tickets.directory.app.administration import _audit, require_admin
from services.tickets.errors import NotFound
from services.tickets.identity.app.auth import Caller, hash_token
from services.tickets.identity.domain.records import ApiTokenInfo
from services.tickets.unit_of_work import TicketsUnitOfWork


async def mine(uow: TicketsUnitOfWork, caller: Caller) -> list[ApiTokenInfo]:
    async with uow:
        return await uow.api_tokens.of_agent(caller.agent.id, datetime.now(UTC))


async def create(uow: TicketsUnitOfWork, caller: Caller, name: str, days: int) -> tuple[ApiTokenInfo, str]:
    token, now = secrets.token_urlsafe(32), datetime.now(UTC)
    expires_at = now + timedelta(days=days)
    async with uow:
        token_id = await uow.api_tokens.add(caller.agent.id, name, hash_token(token), now, expires_at)
        await uow.commit()
    return ApiTokenInfo(token_id, name, now, expires_at, now), token


async def revoke_mine(uow: TicketsUnitOfWork, caller: Caller, token_id: int) -> None:
    async with uow:
        if not await uow.api_tokens.revoke(caller.agent.id, token_id, datetime.now(UTC)):
            raise NotFound("no such token")
        await uow.commit()


async def of_agent(uow: TicketsUnitOfWork, caller: Caller, login: str) -> list[ApiTokenInfo]:
    require_admin(caller)
    async with uow:
        agent = await uow.directory.agent_by_login(login)
        if agent is None:
            raise NotFound(f"no agent {login!r}")
        return await uow.api_tokens.of_agent(agent.id, datetime.now(UTC))


async def revoke_of_agent(uow: TicketsUnitOfWork, caller: Caller, login: str, token_id: int) -> None:
    require_admin(caller)
    async with uow:
        agent = await uow.directory.agent_by_login(login)
        if agent is None or not await uow.api_tokens.revoke(agent.id, token_id, datetime.now(UTC)):
            raise NotFound("no such token")
        await _audit(uow, caller, "token.revoke", login, {"token_id": token_id})
        await uow.commit()
