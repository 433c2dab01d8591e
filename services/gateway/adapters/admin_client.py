"""The admin APIs of tickets and ingest, and notify's mail log, for an agent's UI session.

Tickets takes the session's bearer token. Ingest and notify do not trust the gateway:
each gets the agent's identity signed by tickets (kept a while by :class:`Identities`)
and decides for itself; tickets and ingest answer administrators
only. A refusal comes back as ``Refused``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from services.gateway.adapters.identity_client import Identities
from services.gateway.adapters.tickets_actions import refusal
from services.gateway.adapters.tickets_client import TicketsClient


class ServiceUnavailable(Exception):
    """Ingest or notify did not answer."""


class AdminClient:
    def __init__(
        self, tickets: TicketsClient, identities: Identities, ingest: httpx.AsyncClient, notify: httpx.AsyncClient
    ) -> None:
        self._tickets = tickets
        self._identities = identities
        self._services = {"ingest": ingest, "notify": notify}

    async def request(self, service: str, method: str, path: str, token: str, **kwargs: Any) -> httpx.Response:
        """One call with the agent's signed identity; a refusal raises ``Refused``."""
        headers = await self._identities.headers(token)
        try:
            response = await self._services[service].request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            raise ServiceUnavailable(f"{service}: {exc}") from exc
        if response.status_code >= 500:
            raise ServiceUnavailable(f"{service} answered {response.status_code}")
        refusal(response)
        return response

    async def send(self, service: str, method: str, path: str, token: str, **kwargs: Any) -> Any:
        """One call with the agent's signed identity; the answer's JSON (None for 204)."""
        return _json(await self.request(service, method, path, token, **kwargs))

    async def ingest(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        return await self.send("ingest", method, f"/api/v1/ingest/{path}", token, **kwargs)

    async def tickets(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        """Tickets' ``/api/v1/admin/{path}`` with the session's token; the answer's JSON (None for 204)."""
        response = await self._tickets.send(method, f"/api/v1/admin/{path}", token, **kwargs)
        refusal(response)
        return _json(response)

    async def raw_message(self, message_id: str, token: str) -> httpx.Response:
        """Ingest's stored message as it arrived (``message/rfc822``)."""
        path = f"/api/v1/ingest/messages/{quote(message_id, safe='')}/raw"
        return await self.request("ingest", "GET", path, token)

    async def outgoing_mails(self, token: str, ticket_id: int | None = None) -> list[dict[str, Any]]:
        """Notify's mail log for the queues the agent may read (of one ticket, if given), newest first."""
        params = {"ticket_id": ticket_id} if ticket_id is not None else None
        data = await self.send("notify", "GET", "/api/v1/notify/mails", token, params=params)
        return list(reversed(data["mails"]))


def _json(response: httpx.Response) -> Any:
    return None if response.status_code == 204 else response.json()
