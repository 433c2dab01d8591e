"""Ingest's admin API and notify's mail log for an agent's UI session.

Neither service trusts the gateway: each gets the agent's identity signed by
tickets (``GET /api/v1/auth/identity`` with the session's token) and decides for
itself; ingest answers administrators only. A refusal comes back as ``Refused``.
"""

from __future__ import annotations

from typing import Any

import httpx

from services.gateway.adapters.tickets_actions import refusal
from services.gateway.adapters.tickets_client import TicketsClient, raise_for
from shared.identity import HEADER as IDENTITY_HEADER


class ServiceUnavailable(Exception):
    """Ingest or notify did not answer."""


class AdminClient:
    def __init__(self, tickets: TicketsClient, ingest: httpx.AsyncClient, notify: httpx.AsyncClient) -> None:
        self._tickets = tickets
        self._services = {"ingest": ingest, "notify": notify}

    async def _identity(self, token: str) -> dict[str, str]:
        response = await self._tickets.send("GET", "/api/v1/auth/identity", token)
        raise_for(response)
        return {IDENTITY_HEADER: response.json()["identity"]}

    async def send(self, service: str, method: str, path: str, token: str, **kwargs: Any) -> Any:
        """One call with the agent's signed identity; the answer's JSON (None for 204)."""
        headers = await self._identity(token)
        try:
            response = await self._services[service].request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            raise ServiceUnavailable(f"{service}: {exc}") from exc
        if response.status_code >= 500:
            raise ServiceUnavailable(f"{service} answered {response.status_code}")
        refusal(response)
        return None if response.status_code == 204 else response.json()

    async def ingest(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        return await self.send("ingest", method, f"/api/v1/ingest/{path}", token, **kwargs)

    async def outgoing_mails(self, token: str, ticket_id: int | None = None) -> list[dict[str, Any]]:
        """Notify's mail log for the queues the agent may read (of one ticket, if given), newest first."""
        params = {"ticket_id": ticket_id} if ticket_id is not None else None
        data = await self.send("notify", "GET", "/api/v1/notify/mails", token, params=params)
        return list(reversed(data["mails"]))
