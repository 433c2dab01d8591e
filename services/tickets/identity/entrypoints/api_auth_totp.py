"""``/api/v1/auth/totp``: enrol a second factor (secret shown once), confirm it with a code, disable it."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from services.tickets.deps import CallerDep, SettingsDep, UowDep
from services.tickets.identity.app import totp
from services.tickets.identity.domain.secret_box import SecretBox
from services.tickets.problems import documented

router = APIRouter(prefix="/totp", responses=documented(409))
Code = Field(min_length=6, max_length=10, pattern=r"^\s*\d+\s*$", examples=["123456"])


class EnrolmentOut(BaseModel):
    secret: str = Field(description="Base32; shown this once.")
    uri: str = Field(description="otpauth:// URI for an authenticator app (as a QR code).")


class CodeIn(BaseModel):
    code: str = Code


class DisableIn(BaseModel):
    password: str = Field(min_length=1, max_length=1000)
    code: str = Code


@router.post("", status_code=201)
async def enrol(caller: CallerDep, uow: UowDep, settings: SettingsDep) -> EnrolmentOut:
    """A new secret; it counts from the first confirmed code on."""
    enrolment = await totp.enrol(uow, SecretBox(settings.secret_key), caller)
    return EnrolmentOut(secret=enrolment.secret, uri=enrolment.uri)


@router.post("/confirm", status_code=204)
async def confirm(body: CodeIn, caller: CallerDep, uow: UowDep, settings: SettingsDep) -> Response:
    await totp.confirm(uow, SecretBox(settings.secret_key), caller, body.code)
    return Response(status_code=204)


@router.post("/disable", status_code=204, responses=documented(403))
async def disable(body: DisableIn, caller: CallerDep, uow: UowDep, settings: SettingsDep) -> Response:
    await totp.disable(uow, SecretBox(settings.secret_key), caller, body.password, body.code)
    return Response(status_code=204)
