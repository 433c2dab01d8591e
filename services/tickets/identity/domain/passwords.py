"""The rules a new password must meet (the same for agents and customers)."""

from __future__ import annotations

from services.tickets.errors import Invalid

MIN_LENGTH = 10


def check_new_password(login: str, password: str, min_length: int = MIN_LENGTH) -> None:
    """``min_length`` is the runtime setting ``password_min_length``."""
    if len(password) < min_length:
        raise Invalid(f"the new password must have at least {min_length} characters")
    if password.strip().casefold() == login.strip().casefold():
        raise Invalid("the new password must not be the login")
