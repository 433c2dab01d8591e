"""``/api/v1/auth/tokens``: the caller's API tokens (the token itself only in the answer that creates it)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from services.tickets.deps import CallerDep, UowDep
from services.tickets.identity.app import api_tokens
from services.tickets.identity.domain.records import ApiTokenInfo
from services.tickets.problems import documented

router = APIRouter(prefix="/tokens")


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["Monitoring"])
    days: int = Field(default=90, ge=1, le=3650)


class TokenOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = Field(description="None while the token was never used.")

    @classmethod
    def of(cls, info: ApiTokenInfo) -> TokenOut:
        used = info.last_used_at if info.last_used_at != info.created_at else None
        return cls(
            id=info.id, name=info.name, created_at=info.created_at, expires_at=info.expires_at, last_used_at=used
        )


class TokenCreated(TokenOut):
    token: str = Field(description="Shown this once; only its hash is kept.")


@router.get("")
async def my_tokens(caller: CallerDep, uow: UowDep) -> list[TokenOut]:
    return [TokenOut.of(info) for info in await api_tokens.mine(uow, caller)]


@router.post("", status_code=201)
async def create_token(body: TokenIn, caller: CallerDep, uow: UowDep) -> TokenCreated:
    info, token = await api_tokens.create(uow, caller, body.name, body.days)
    return TokenCreated(**TokenOut.of(info).model_dump(), token=token)


@router.delete("/{token_id}", status_code=204, responses=documented(404))
async def revoke_token(token_id: int, caller: CallerDep, uow: UowDep) -> Response:
    await api_tokens.revoke_mine(uow, caller, token_id)
    return Response(status_code=204)
