"""``/api/v1/auth/password-reset``: ask for a reset code by mail, then set a new password with it.

No bearer token: whoever forgot his password has none. The same route serves agents and customers.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from services.tickets.deps import UowDep
from services.tickets.identity.app import password_reset

router = APIRouter(prefix="/password-reset")


class ResetIn(BaseModel):
    login: str = Field(min_length=1, max_length=320, description="The login or the email address of the account.")


class ConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=200, description="The code from the mail.")
    new_password: str = Field(min_length=1, max_length=1000)


class AcceptedOut(BaseModel):
    detail: str


ACCEPTED = AcceptedOut(detail="If the account exists, a mail with a reset code is on its way.")


@router.post("", status_code=202)
async def request_reset(body: ResetIn, uow: UowDep) -> AcceptedOut:
    """Always the same 202, whether or not the account exists; the mail goes to the account's address."""
    await password_reset.request(uow, body.login)
    return ACCEPTED


@router.post("/confirm", status_code=204)
async def confirm_reset(body: ConfirmIn, uow: UowDep) -> Response:
    """A new password (at least 10 characters, not the login); all sessions of the account end."""
    await password_reset.confirm(uow, body.token, body.new_password)
    return Response(status_code=204)
