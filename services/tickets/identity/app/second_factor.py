"""The check at login: a correct password is not enough for an agent with TOTP enabled.

A code counts once: its time step is stored per agent, and a code of that step or an
earlier one is refused afterwards (RFC 6238, section 5.2), at login, confirmation and removal.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

import pyotp

from services.tickets.identity.domain.secret_box import SecretBox
from services.tickets.unit_of_work import TicketsUnitOfWork

SECOND_FACTOR_REQUIRED = "second factor required"


def matching_step(secret: str | None, code: str, now: datetime) -> int | None:
    """The time step whose code ``code`` is: this 30-second step or the one before or after
    (phone clocks drift); None when it is none of them."""
    if secret is None:
        return None
    totp, code = pyotp.TOTP(secret), code.strip()
    current = totp.timecode(now)
    return next(
        (s for s in (current - 1, current, current + 1) if hmac.compare_digest(totp.generate_otp(s), code)), None
    )


async def use_code(uow: TicketsUnitOfWork, agent_id: int, secret: str | None, code: str) -> bool:
    """True when ``code`` is right and not used before; its step is then used up."""
    step = matching_step(secret, code, datetime.now(UTC))
    return step is not None and await uow.totp.claim_step(agent_id, step)


async def second_factor_problem(uow: TicketsUnitOfWork, box: SecretBox, agent_id: int, otp: str | None) -> str | None:
    """Why a login with a correct password must still fail, or None when it may pass."""
    current = await uow.totp.get(agent_id)
    if current is None or not current.enabled:
        return None
    if not otp:
        return SECOND_FACTOR_REQUIRED
    return None if await use_code(uow, agent_id, box.open(current.sealed_secret), otp) else "wrong second factor"
