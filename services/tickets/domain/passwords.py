"""The rules a new password must meet (the same for agents and customers)."""

from __future__ import annotations

from services.tickets.domain.errors import Invalid

MIN_LENGTH = 10


def check_new_password(login: str, password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(f"the new password must have at least {MIN_LENGTH} characters")
    if password.strip().casefold() == login.strip().casefold():
        raise Invalid("the new password must not be the login")
