"""FastAPI dependencies: a unit of work, a read session (for queries), and the authenticated caller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.errors import Unauthenticated
from services.tickets.identity.app import auth
from services.tickets.identity.app.auth import Caller
from services.tickets.settings import TicketsSettings
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.db import Database

_bearer = HTTPBearer(auto_error=False, description="A session token from /api/v1/auth/login or an API token.")


def get_database(request: Request) -> Database:
    return request.app.state.database


def get_settings(request: Request) -> TicketsSettings:
    return request.app.state.settings


async def read_session(database: Annotated[Database, Depends(get_database)]) -> AsyncIterator[AsyncSession]:
    async with database.sessions() as session:
        yield session


def bearer_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    if credentials is None:
        raise Unauthenticated("a bearer token is required")
    return credentials.credentials


def unit_of_work(request: Request) -> TicketsUnitOfWork:
    """A fresh unit of work, not yet entered: the handler opens it (once or several times in turn)."""
    return request.app.state.unit_of_work()


UowDep = Annotated[TicketsUnitOfWork, Depends(unit_of_work, use_cache=False)]


async def get_caller(token: Annotated[str, Depends(bearer_token)], uow: UowDep) -> Caller:
    return await auth.authenticate(uow, token)


SettingsDep = Annotated[TicketsSettings, Depends(get_settings)]
SessionDep = Annotated[AsyncSession, Depends(read_session)]
CallerDep = Annotated[Caller, Depends(get_caller)]
TokenDep = Annotated[str, Depends(bearer_token)]
