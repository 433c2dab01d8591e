"""The agents' second factor: a TOTP secret, enrolled with a confirming code.

Enrolment shows the secret once; it counts only after a first correct code, so an agent
who never finished scanning the QR code is not locked out. A code of the previous or next
30-second step is accepted too (clocks of phones drift), and each code only once; see
``second_factor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp

from services.tickets.errors import Forbidden, Invalid, WrongState
from services.tickets.identity.app.auth import Caller, password_ok
from services.tickets.identity.app.second_factor import use_code
from services.tickets.identity.domain.secret_box import SecretBox
from services.tickets.unit_of_work import TicketsUnitOfWork

ISSUER = "Umlauf"


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str


async def enrol(uow: TicketsUnitOfWork, box: SecretBox, caller: Caller) -> Enrolment:
    async with uow:
        store = uow.totp
        current = await store.get(caller.agent.id)
        if current is not None and current.enabled:
            raise WrongState("the second factor is already enabled; disable it first")
        secret = pyotp.random_base32()
        await store.put_pending(caller.agent.id, box.seal(secret), datetime.now(UTC))
        await uow.commit()
    uri = pyotp.TOTP(secret).provisioning_uri(name=caller.agent.login, issuer_name=ISSUER)
    return Enrolment(secret=secret, uri=uri)


async def confirm(uow: TicketsUnitOfWork, box: SecretBox, caller: Caller, code: str) -> None:
    async with uow:
        store = uow.totp
        current = await store.get(caller.agent.id)
        if current is None or current.enabled:
            raise WrongState("there is no enrolment waiting for a code")
        if not await use_code(uow, caller.agent.id, box.open(current.sealed_secret), code):
            raise Invalid("the code is wrong")
        await store.enable(caller.agent.id, datetime.now(UTC))
        await uow.commit()


async def disable(uow: TicketsUnitOfWork, box: SecretBox, caller: Caller, password: str, code: str) -> None:
    """Needs both the password and a current code, so a stolen session alone cannot remove it."""
    async with uow:
        store = uow.totp
        current = await store.get(caller.agent.id)
        if current is None or not current.enabled:
            raise WrongState("the second factor is not enabled")
        if not await password_ok(caller.agent.password_hash, password):
            raise Forbidden("the password is wrong")
        if not await use_code(uow, caller.agent.id, box.open(current.sealed_secret), code):
            raise Forbidden("the code is wrong or used already")
        await store.remove(caller.agent.id)
        await uow.commit()
