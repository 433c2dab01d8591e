"""``/api/v1/admin``: agents, groups, queues and the audit log, for agents with ``rw`` in ``admin``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from services.tickets.app import administration, api_tokens
from services.tickets.app.auth import Caller
from services.tickets.domain.follow_up import FollowUpPolicy
from services.tickets.domain.permissions import Permission
from services.tickets.entrypoints import api_admin_roles
from services.tickets.entrypoints.api_auth_tokens import TokenOut
from services.tickets.entrypoints.deps import CallerDep, DatabaseDep, SessionDep
from services.tickets.entrypoints.problems import documented
from services.tickets.entrypoints.schemas_in import Address
from services.tickets.queries import admin_view
from services.tickets.queries.admin_view import AgentAdminOut, AuditOut, QueueAdminOut

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=documented(401, 403, 422))
WRITE = documented(409)
router.include_router(api_admin_roles.router)


class GroupIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, pattern=r"^[\w.-]+$")


class AgentIn(BaseModel):
    login: str = Field(min_length=1, max_length=200, pattern=r"^[\w.@-]+$")
    name: str = Field(min_length=1, max_length=200)
    email: Address
    password: str = Field(min_length=1, max_length=1000)
    language: str = Field(default="de", pattern="^(de|en)$")
    groups: dict[str, list[Permission]] = Field(default={}, description="group name -> permissions")


class QueueIn(BaseModel):
    name: str = Field(min_length=1, max_length=400, description="Full name; a sub-queue is 'Parent::Child'.")
    group: str = Field(min_length=1, max_length=200)
    address: Address | None = None
    address_name: str = Field(default="", max_length=200)
    follow_up_policy: FollowUpPolicy = FollowUpPolicy.REOPEN
    auto_response: str | None = Field(default=None, max_length=20_000)
    salutation: str | None = Field(default=None, max_length=2_000)
    signature: str | None = Field(default=None, max_length=2_000)
    unlock_timeout_minutes: int = Field(default=0, ge=0, le=525_600)
    first_response_minutes: int | None = Field(
        default=None, ge=0, le=5_256_000, description="Escalation: minutes to the first response; 0 or null: none"
    )
    solution_minutes: int | None = Field(
        default=None, ge=0, le=5_256_000, description="Escalation: minutes to the solution; 0 or null: none"
    )


class CreatedId(BaseModel):
    id: int


def _admin(caller: Caller) -> None:
    administration.require_admin(caller)


@router.get("/agents")
async def agents(caller: CallerDep, session: SessionDep) -> list[AgentAdminOut]:
    _admin(caller)
    return await admin_view.agents(session)


@router.post("/agents", status_code=201, responses=WRITE)
async def create_agent(body: AgentIn, caller: CallerDep, database: DatabaseDep) -> CreatedId:
    agent_id = await administration.create_agent(
        database,
        caller,
        login=body.login,
        name=body.name,
        email=body.email,
        password=body.password,
        language=body.language,
        grants=body.groups,
    )
    return CreatedId(id=agent_id)


@router.get("/groups")
async def groups(caller: CallerDep, session: SessionDep) -> list[str]:
    _admin(caller)
    return await admin_view.groups(session)


@router.post("/groups", status_code=201, responses=WRITE)
async def create_group(body: GroupIn, caller: CallerDep, database: DatabaseDep) -> CreatedId:
    return CreatedId(id=await administration.create_group(database, caller, body.name))


@router.get("/queues")
async def queues(caller: CallerDep, session: SessionDep) -> list[QueueAdminOut]:
    _admin(caller)
    return await admin_view.queues(session)


@router.post("/queues", status_code=201, responses=WRITE)
async def create_queue(body: QueueIn, caller: CallerDep, database: DatabaseDep) -> CreatedId:
    queue_id = await administration.create_queue(
        database,
        caller,
        name=body.name,
        group=body.group,
        address=body.address,
        address_name=body.address_name,
        follow_up_policy=body.follow_up_policy,
        auto_response=body.auto_response,
        salutation=body.salutation,
        signature=body.signature,
        unlock_timeout_minutes=body.unlock_timeout_minutes,
        first_response_minutes=body.first_response_minutes or 0,
        solution_minutes=body.solution_minutes or 0,
    )
    return CreatedId(id=queue_id)


@router.get("/audit")
async def audit(
    caller: CallerDep, session: SessionDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[AuditOut]:
    """The latest admin changes first."""
    _admin(caller)
    return await admin_view.audit(session, limit)


@router.get("/agents/{login}/tokens", responses=documented(404))
async def agent_tokens(login: str, caller: CallerDep, database: DatabaseDep) -> list[TokenOut]:
    """An agent's live API tokens (never the tokens themselves)."""
    return [TokenOut.of(info) for info in await api_tokens.of_agent(database, caller, login)]


@router.delete("/agents/{login}/tokens/{token_id}", status_code=204, responses=documented(404))
async def revoke_agent_token(login: str, token_id: int, caller: CallerDep, database: DatabaseDep) -> Response:
    await api_tokens.revoke_of_agent(database, caller, login, token_id)
    return Response(status_code=204)
