"""The check at login: a correct password is not enough for an agent with TOTP enabled."""

from __future__ import annotations

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.adapters.totp_store import SecretBox, TotpStore

SECOND_FACTOR_REQUIRED = "second factor required"


def code_ok(secret: str | None, code: str) -> bool:
    """A code of this 30-second step or the one before or after (phone clocks drift)."""
    return secret is not None and pyotp.TOTP(secret).verify(code.strip(), valid_window=1)


async def second_factor_problem(session: AsyncSession, box: SecretBox, agent_id: int, otp: str | None) -> str | None:
    """Why a login with a correct password must still fail, or None when it may pass."""
    current = await TotpStore(session).get(agent_id)
    if current is None or not current.enabled:
        return None
    if not otp:
        return SECOND_FACTOR_REQUIRED
    return None if code_ok(box.open(current.sealed_secret), otp) else "wrong second factor"
