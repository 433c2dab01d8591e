"""Failed logins per client address, counted across all gateway replicas (one transaction each).

Asked before each login (agent, portal, API) and told of each failure. A success does not
clear the count: an attacker with one valid account of his own could otherwise reset it
between guesses at another.
"""

from __future__ import annotations

from services.gateway.app.commands import CheckLoginThrottle, RecordFailedLogin
from services.gateway.app.sessions import Clock
from services.gateway.app.unit_of_work import UnitOfWork
from services.gateway.domain.throttle import ThrottlePolicy, attempt_fingerprint


async def check_login_throttle(
    command: CheckLoginThrottle, uow: UnitOfWork, *, policy: ThrottlePolicy, clock: Clock
) -> int | None:
    if command.client is None:
        return None
    now = clock()
    async with uow:
        failures = await uow.login_failures.since(command.client, policy.since(now))
    return policy.retry_after(now, failures)


async def record_failed_login(
    command: RecordFailedLogin, uow: UnitOfWork, *, policy: ThrottlePolicy, secret_key: str, clock: Clock
) -> None:
    if command.client is None:
        return
    now = clock()
    attempt = attempt_fingerprint(secret_key, command.login, command.password)
    async with uow:
        await uow.login_failures.add(command.client, attempt, now)
        await uow.login_failures.remove_before(policy.since(now))
        await uow.commit()
