"""The tickets service's customer API (``/api/v1/customer``) as the portal sees it.

Tickets decides what a customer sees: his own tickets or his company's, and only
the articles meant for him. A refusal comes back as ``tickets_actions.Refused``.
"""

from __future__ import annotations

from typing import Any

import httpx

from services.gateway.adapters.portal_models import CustomerLogin, CustomerTicket, CustomerTicketPage
from services.gateway.adapters.tickets_actions import refusal
from services.gateway.adapters.tickets_client import TicketsClient, TicketsUnavailable, TooManyAttempts, raise_for

BASE = "/api/v1/customer"


class PortalClient:
    def __init__(self, client: TicketsClient, http: httpx.AsyncClient) -> None:
        self._client = client
        self._http = http

    async def login(self, login: str, password: str, client_address: str | None) -> CustomerLogin | None:
        """The customer's tickets session, or None when the credentials are wrong."""
        response = await self._client.send(
            "POST",
            f"{BASE}/auth/login",
            headers={"X-Forwarded-For": client_address} if client_address else None,
            json={"login": login, "password": password},
        )
        if response.status_code == 429:
            raise TooManyAttempts()
        if response.status_code in (401, 403, 422):
            return None
        raise_for(response)
        return CustomerLogin.model_validate(response.json())

    async def logout(self, token: str) -> None:
        response = await self._client.send("POST", f"{BASE}/auth/logout", token)
        if response.status_code != 401:
            raise_for(response)

    async def tickets(self, token: str, limit: int, offset: int) -> CustomerTicketPage:
        data = await self._client.get_json(f"{BASE}/tickets", token, {"limit": limit, "offset": offset})
        return CustomerTicketPage.model_validate(data)

    async def ticket(self, token: str, number: str) -> CustomerTicket:
        return CustomerTicket.model_validate(await self._client.get_json(f"{BASE}/tickets/{number}", token))

    async def open_ticket(self, token: str, body: dict[str, Any]) -> str:
        response = await self._client.send("POST", f"{BASE}/tickets", token, json=body)
        refusal(response)
        return str(response.json()["number"])

    async def answer(self, token: str, number: str, body: dict[str, Any]) -> None:
        response = await self._client.send("POST", f"{BASE}/tickets/{number}/answer", token, json=body)
        refusal(response)

    async def attachment(self, token: str, number: str, attachment_id: int) -> httpx.Response:
        """The attachment's response, open for streaming: the caller must ``aclose()`` it."""
        request = self._http.build_request(
            "GET", f"{BASE}/tickets/{number}/attachments/{attachment_id}", headers={"Authorization": f"Bearer {token}"}
        )
        try:
            response = await self._http.send(request, stream=True)
        except httpx.TransportError as exc:
            raise TicketsUnavailable(str(exc)) from exc
        if response.status_code >= 400:
            await response.aclose()
            raise_for(response)
        return response
