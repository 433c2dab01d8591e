"""Failed logins per client address, counted across all gateway replicas (one transaction each)."""

from __future__ import annotations

from collections.abc import Callable

from services.gateway.app.sessions import Clock, utcnow
from services.gateway.app.unit_of_work import GatewayUnitOfWork
from services.gateway.domain.throttle import ThrottlePolicy, attempt_fingerprint


class LoginThrottle:
    """Asked before each login (agent, portal, API) and told of each failure.

    A success does not clear the count: an attacker with one valid account of his own
    could otherwise reset it between guesses at another.
    """

    def __init__(
        self, uow: Callable[[], GatewayUnitOfWork], policy: ThrottlePolicy, secret_key: str, clock: Clock = utcnow
    ) -> None:
        self._uow = uow
        self._secret_key = secret_key
        self.policy = policy
        self._clock = clock

    async def retry_after(self, client: str | None) -> int | None:
        """Seconds the client must wait before trying again, or None."""
        if client is None:
            return None
        now = self._clock()
        async with self._uow() as uow:
            failures = await uow.login_failures.since(client, self.policy.since(now))
        return self.policy.retry_after(now, failures)

    async def failed(self, client: str | None, login: str, password: str) -> None:
        if client is None:
            return
        now = self._clock()
        attempt = attempt_fingerprint(self._secret_key, login, password)
        async with self._uow() as uow:
            await uow.login_failures.add(client, attempt, now)
            await uow.login_failures.remove_before(self.policy.since(now))
            await uow.commit()
