"""The agent's own account at tickets: password and API tokens."""

from __future__ import annotations

from typing import Any, Literal

from services.gateway.adapters.tickets_client import TicketsClient, raise_for

AUTH = "/api/v1/auth"
PasswordOutcome = Literal["done", "wrong", "weak"]


async def change_password(tickets: TicketsClient, token: str, current: str, new: str) -> PasswordOutcome:
    body = {"current_password": current, "new_password": new}
    response = await tickets.send("POST", f"{AUTH}/password", token, json=body)
    if response.status_code == 403:
        return "wrong"
    if response.status_code == 422:
        return "weak"
    raise_for(response)
    return "done"


async def tokens(tickets: TicketsClient, token: str) -> list[dict[str, Any]]:
    return await tickets.get_json(f"{AUTH}/tokens", token)


async def create_token(tickets: TicketsClient, token: str, name: str, days: int) -> dict[str, Any] | None:
    """The new token (its secret shown this once), or None when tickets refuses name or days."""
    response = await tickets.send("POST", f"{AUTH}/tokens", token, json={"name": name, "days": days})
    if response.status_code == 422:
        return None
    raise_for(response)
    return response.json()


async def revoke_token(tickets: TicketsClient, token: str, token_id: int) -> None:
    raise_for(await tickets.send("DELETE", f"{AUTH}/tokens/{token_id}", token))


async def enrol_totp(tickets: TicketsClient, token: str) -> dict[str, str] | None:
    """A new secret and its otpauth URI, or None when TOTP is already on (tickets: 409)."""
    response = await tickets.send("POST", f"{AUTH}/totp", token)
    if response.status_code == 409:
        return None
    raise_for(response)
    return response.json()


async def confirm_totp(tickets: TicketsClient, token: str, code: str) -> bool:
    response = await tickets.send("POST", f"{AUTH}/totp/confirm", token, json={"code": code})
    if response.status_code in (409, 422):
        return False
    raise_for(response)
    return True


async def disable_totp(tickets: TicketsClient, token: str, password: str, code: str) -> bool:
    response = await tickets.send("POST", f"{AUTH}/totp/disable", token, json={"password": password, "code": code})
    if response.status_code in (403, 409, 422):
        return False
    raise_for(response)
    return True
