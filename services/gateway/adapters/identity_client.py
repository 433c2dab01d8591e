"""The caller's identity signed by tickets (``GET /api/v1/auth/identity``), for calls to stats, ingest and notify.

Asked once per credential and kept in an :class:`IdentityCache` until shortly before its
signature expires, instead of once per call.
"""

from __future__ import annotations

import httpx

from services.gateway.adapters.tickets_client import TicketsClient, raise_for
from services.gateway.domain.identity_cache import IdentityCache
from shared.identity import HEADER

PATH = "/api/v1/auth/identity"


class IdentityRefused(Exception):
    """Tickets gave no identity for the credential; ``response`` is its answer."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"tickets answered {response.status_code}")
        self.response = response


class Identities:
    def __init__(self, tickets: TicketsClient, cache: IdentityCache) -> None:
        self._tickets = tickets
        self._cache = cache

    async def for_authorization(self, authorization: str | None) -> str:
        """The signed identity for an ``Authorization`` header as a caller sent it.

        Raises :class:`IdentityRefused` with tickets' answer, ``TicketsUnavailable`` when it does not answer.
        """
        if authorization and (kept := self._cache.get(authorization)):
            return kept
        asked_at = self._cache.now()
        response = await self._tickets.send(
            "GET", PATH, headers={"Authorization": authorization} if authorization else None
        )
        if response.status_code != 200:
            raise IdentityRefused(response)
        identity: str = response.json()["identity"]
        if authorization:
            self._cache.put(authorization, identity, asked_at)
        return identity

    async def headers(self, token: str) -> dict[str, str]:
        """The identity header for a UI session's tickets token; a refusal raises as :func:`raise_for`."""
        try:
            return {HEADER: await self.for_authorization(_bearer(token))}
        except IdentityRefused as exc:
            raise_for(exc.response)
            raise

    def forget(self, authorization: str) -> None:
        """The session behind this ``Authorization`` header ended: its identity must not outlive it here."""
        self._cache.forget(authorization)

    def forget_token(self, token: str) -> None:
        """The same for a UI session's tickets token."""
        self.forget(_bearer(token))


def _bearer(token: str) -> str:
    return f"Bearer {token}"
