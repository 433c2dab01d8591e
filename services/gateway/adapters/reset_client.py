"""Tickets' password reset (no bearer token: whoever forgot his password has none)."""

from __future__ import annotations

from typing import Literal

from services.gateway.adapters.tickets_client import TicketsClient, raise_for

RESET = "/api/v1/auth/password-reset"
ConfirmOutcome = Literal["done", "refused", "throttled"]


async def request_reset(tickets: TicketsClient, login: str) -> None:
    """Ask for a code by mail; tickets answers the same whether or not the account exists."""
    response = await tickets.send("POST", RESET, json={"login": login})
    if response.status_code not in (202, 422, 429):  # a refusal must look like the acceptance
        raise_for(response)


async def confirm_reset(tickets: TicketsClient, code: str, new_password: str) -> ConfirmOutcome:
    response = await tickets.send("POST", f"{RESET}/confirm", json={"token": code, "new_password": new_password})
    if response.status_code == 204:
        return "done"
    if response.status_code == 429:
        return "throttled"
    if response.status_code == 422:
        return "refused"
    raise_for(response)
    return "refused"
