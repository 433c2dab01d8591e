"""The tickets service as the UI sees it: a few typed calls over an ``httpx.AsyncClient``.

The client may talk over the network or straight into the tickets app
(``httpx.ASGITransport`` in the embedded mode); paths are absolute ``/api/v1/…``.
"""

from __future__ import annotations

from typing import Any

import httpx

from services.gateway.adapters.tickets_models import LoginResult, Queue, Ticket, TicketPage


class TicketsUnavailable(Exception):
    """The tickets service did not answer, or answered with a server error."""


class NotFound(Exception):
    pass


class Forbidden(Exception):
    pass


class TooManyAttempts(Exception):
    """Tickets throttles logins for this account or address."""


class SecondFactorRequired(Exception):
    """The password was right and the agent has TOTP on: ask for the code (``wrong``: the one given was not it)."""

    def __init__(self, wrong: bool) -> None:
        super().__init__("wrong second factor" if wrong else "second factor required")
        self.wrong = wrong


class Unauthorized(Exception):
    """The tickets token is no longer valid: the gateway session must end."""


def raise_for(response: httpx.Response) -> None:
    if response.status_code == 401:
        raise Unauthorized()
    if response.status_code == 403:
        raise Forbidden()
    if response.status_code == 404:
        raise NotFound()
    if response.status_code >= 400:
        raise TicketsUnavailable(f"tickets answered {response.status_code}")


class TicketsClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    async def send(
        self, method: str, path: str, token: str | None = None, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            return await self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            raise TicketsUnavailable(str(exc)) from exc

    async def get_json(self, path: str, token: str, params: dict[str, Any] | None = None) -> Any:
        response = await self.send("GET", path, token, params=params)
        raise_for(response)
        return response.json()

    async def login(
        self, login: str, password: str, client_address: str | None, otp: str | None = None
    ) -> LoginResult | None:
        """The tickets session for these credentials, or None when they are wrong.

        The browser's address goes along so that tickets can throttle failed logins per address.
        """
        response = await self.send(
            "POST",
            "/api/v1/auth/login",
            headers={"X-Forwarded-For": client_address} if client_address else None,
            json={"login": login, "password": password} | ({"otp": otp} if otp else {}),
        )
        if response.status_code == 429:
            raise TooManyAttempts()
        if response.status_code == 401 and _detail(response) in ("second factor required", "wrong second factor"):
            raise SecondFactorRequired(wrong=_detail(response) == "wrong second factor")
        if response.status_code in (401, 403, 422):
            return None
        raise_for(response)
        return LoginResult.model_validate(response.json())

    async def logout(self, token: str) -> None:
        """End the tickets session; an already invalid one is fine."""
        response = await self.send("POST", "/api/v1/auth/logout", token)
        if response.status_code != 401:
            raise_for(response)

    async def queues(self, token: str) -> list[Queue]:
        data = await self.get_json("/api/v1/queues", token)
        return [Queue.model_validate(item) for item in data["items"]]

    async def tickets(self, token: str, queue_id: str, limit: int, offset: int) -> TicketPage:
        params = {"queue": queue_id, "limit": limit, "offset": offset}
        return TicketPage.model_validate(await self.get_json("/api/v1/tickets", token, params))

    async def ticket(self, token: str, number: str) -> Ticket:
        return Ticket.model_validate(await self.get_json(f"/api/v1/tickets/{number}", token))

    async def history(self, token: str, number: str) -> list[dict[str, Any]]:
        data = await self.get_json(f"/api/v1/tickets/{number}/history", token)
        return data["items"] if isinstance(data, dict) else data

    async def attachment(self, token: str, number: str, attachment_id: int) -> httpx.Response:
        """The attachment's response, open for streaming: the caller must ``aclose()`` it."""
        request = self._http.build_request(
            "GET",
            f"/api/v1/tickets/{number}/attachments/{attachment_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
        try:
            response = await self._http.send(request, stream=True)
        except httpx.TransportError as exc:
            raise TicketsUnavailable(str(exc)) from exc
        if response.status_code >= 400:
            await response.aclose()
            raise_for(response)
        return response


def _detail(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("detail") if isinstance(body, dict) else None
