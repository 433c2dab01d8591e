"""The agent's actions on tickets, and the lists their forms offer, over the tickets API.

Tickets decides every permission; a refusal (403, 404, 409, 422) comes back as
:class:`Refused` with the problem's ``detail``, for the UI to show beside the form, and
a 409's ``code`` (``stale-version``, ``locked-by-other``, …) and ``locked_by``.
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import TypeAdapter

from services.gateway.adapters.tickets_client import TicketsClient, raise_for
from services.gateway.adapters.tickets_models import (
    AgentChoice,
    PriorityChoice,
    QueueChoice,
    RenderedTemplate,
    StateChoice,
    TemplateChoice,
    TicketPage,
)

REFUSALS = (403, 404, 409, 422)


class Refused(Exception):
    def __init__(self, status: int, detail: str, code: str | None = None, locked_by: str | None = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.code = code
        self.locked_by = locked_by


def _text(body: object, key: str) -> str | None:
    value = body.get(key) if isinstance(body, dict) else None
    return value if isinstance(value, str) else None


def refusal(response: httpx.Response) -> None:
    """Raise :class:`Refused` for a refusal by tickets (403, 404, 409, 422), else as :func:`raise_for`."""
    if response.status_code in REFUSALS:
        try:
            body = response.json()
        except ValueError:
            body = {}
        detail = _text(body, "detail") or ""
        fields = body.get("errors") if isinstance(body, dict) else None
        if fields:
            detail += " (" + "; ".join(f"{'.'.join(e.get('loc', [])[1:])}: {e.get('msg', '')}" for e in fields) + ")"
        raise Refused(response.status_code, detail, _text(body, "code"), _text(body, "locked_by"))
    raise_for(response)


class TicketActions:
    def __init__(self, client: TicketsClient) -> None:
        self._client = client

    async def act(
        self, token: str, number: str, action: str, body: dict[str, Any], version: int | None, method: str = "POST"
    ) -> Any:
        """``method`` (POST; DELETE to remove tags) ``/tickets/{number}/{action}`` with ``If-Match`` of the version
        the agent saw.

        Returns the answer's JSON, or None when the ticket left the caller's queues (204).
        """
        headers = {"If-Match": f'"{version}"'} if version is not None else None
        response = await self._client.send(
            method, f"/api/v1/tickets/{number}/{action}", token, headers=headers, json=body
        )
        refusal(response)
        return None if response.status_code == 204 else response.json()

    async def create(self, token: str, body: dict[str, Any]) -> str:
        """Open a phone or internal ticket; its number."""
        response = await self._client.send("POST", "/api/v1/tickets", token, json=body)
        refusal(response)
        return str(response.json()["number"])

    async def search(self, token: str, params: dict[str, Any]) -> TicketPage:
        """A page of tickets; filters tickets refuses (a queue it does not know, a range backwards) raise Refused."""
        response = await self._client.send("GET", "/api/v1/tickets", token, params=params)
        refusal(response)
        return TicketPage.model_validate(response.json())

    async def states(self, token: str) -> list[StateChoice]:
        return TypeAdapter(list[StateChoice]).validate_python(await self._client.get_json("/api/v1/states", token))

    async def priorities(self, token: str) -> list[PriorityChoice]:
        data = await self._client.get_json("/api/v1/priorities", token)
        return TypeAdapter(list[PriorityChoice]).validate_python(data)

    async def queue_targets(self, token: str, permission: str) -> list[QueueChoice]:
        """Queues the agent may move into (``move_into``) or create tickets in (``create``)."""
        data = await self._client.get_json("/api/v1/queue-targets", token, {"permission": permission})
        return TypeAdapter(list[QueueChoice]).validate_python(data)

    async def owners(self, token: str, queue_id: int) -> list[AgentChoice]:
        data = await self._client.get_json(f"/api/v1/queues/{queue_id}/owners", token)
        return TypeAdapter(list[AgentChoice]).validate_python(data)

    async def answer_templates(self, token: str, queue_id: int) -> list[TemplateChoice]:
        """The queue's standard answers for replies (its note and forward templates are not offered there)."""
        data = await self._client.get_json(f"/api/v1/queues/{queue_id}/templates", token)
        return [t for t in TypeAdapter(list[TemplateChoice]).validate_python(data) if t.kind == "answer"]

    async def rendered_template(self, token: str, number: str, template_id: int) -> RenderedTemplate:
        """The standard answer filled in for this ticket; :class:`Refused` (404) when it is not one of its queue."""
        response = await self._client.send("GET", f"/api/v1/tickets/{number}/templates/{template_id}/render", token)
        refusal(response)
        return RenderedTemplate.model_validate(response.json())
