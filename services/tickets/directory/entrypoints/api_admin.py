"""``/api/v1/admin``: agents, groups, queues and the audit log, for agents with ``rw`` in ``admin``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from services.tickets.deps import CallerDep, SessionDep, UowDep
from services.tickets.directory.app import administration, queue_update
from services.tickets.directory.domain.out_of_office import OutOfOffice
from services.tickets.directory.domain.permissions import Permission
from services.tickets.directory.entrypoints import (
    api_admin_addresses,
    api_admin_customers,
    api_admin_roles,
    api_admin_settings,
)
from services.tickets.directory.queries import admin_view
from services.tickets.directory.queries.admin_view import AgentAdminOut, AuditOut, QueueAdminOut
from services.tickets.identity.app import api_tokens
from services.tickets.identity.app.auth import Caller
from services.tickets.identity.entrypoints.api_auth_tokens import TokenOut
from services.tickets.patch import patch_of
from services.tickets.problems import documented
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy
from services.tickets.ticketing.domain.states import StateType
from services.tickets.ticketing.entrypoints.schemas_in import Address
from services.tickets.ticketing.queries import lookups
from services.tickets.ticketing.queries.schemas import CreatedId

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=documented(401, 403, 422))
WRITE = documented(409)
Id = Annotated[int, Path(ge=1, le=2**62)]
router.include_router(api_admin_roles.router)
router.include_router(api_admin_customers.router)
router.include_router(api_admin_addresses.router)
router.include_router(api_admin_settings.router)


class GroupIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, pattern=r"^[\w.-]+$")


class AgentIn(BaseModel):
    login: str = Field(min_length=1, max_length=200, pattern=r"^[\w.@-]+$")
    name: str = Field(min_length=1, max_length=200)
    email: Address
    password: str = Field(min_length=1, max_length=1000)
    language: str = Field(default="de", pattern="^(de|en)$")
    groups: dict[str, list[Permission]] = Field(default={}, description="group name -> permissions")


class OutOfOfficeIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(alias="from", description="The first day away.")
    until: date = Field(description="The last day away.")
    note: str | None = Field(default=None, max_length=400)

    def to_domain(self) -> OutOfOffice:
        return OutOfOffice(self.start, self.until, self.note)


class AgentPatch(BaseModel):
    """An omitted field stays as it is; ``out_of_office: null`` ends an absence."""

    name: str = Field(default=None, min_length=1, max_length=200)  # type: ignore[assignment]
    email: Address = None  # type: ignore[assignment]
    language: str = Field(default=None, pattern="^(de|en)$")  # type: ignore[assignment]
    out_of_office: OutOfOfficeIn | None = None
    valid: bool = Field(default=None, description="An invalid agent cannot log in; his tokens end at once.")  # type: ignore[assignment]


class QueueIn(BaseModel):
    name: str = Field(min_length=1, max_length=400, description="Full name; a sub-queue is 'Parent::Child'.")
    group: str = Field(min_length=1, max_length=200)
    address: Address | None = None
    address_name: str = Field(default="", max_length=200)
    follow_up_policy: FollowUpPolicy = FollowUpPolicy.REOPEN
    follow_up_state: str = Field(
        default="open",
        min_length=1,
        max_length=100,
        description="The state a customer's follow-up sets on a ticket that is not new; a state of type open.",
    )
    auto_response: str | None = Field(default=None, max_length=20_000)
    salutation: str | None = Field(default=None, max_length=2_000)
    signature: str | None = Field(default=None, max_length=2_000)
    unlock_timeout_minutes: int = Field(default=0, ge=0, le=525_600)
    first_response_minutes: int = Field(
        default=0, ge=0, le=5_256_000, description="Escalation: minutes to the first response; 0: none"
    )
    solution_minutes: int = Field(
        default=0, ge=0, le=5_256_000, description="Escalation: minutes to the solution; 0: none"
    )
    valid: bool = Field(
        default=True, description="An invalid queue is offered neither as move target nor for new tickets."
    )


QueuePatch = patch_of(
    QueueIn,
    "QueuePatch",
    doc="Any field of the create body; omitted fields stay. A rename renames the sub-queues along.",
)


def _admin(caller: Caller) -> None:
    administration.require_admin(caller)


@router.get("/agents")
async def agents(caller: CallerDep, session: SessionDep) -> list[AgentAdminOut]:
    _admin(caller)
    return await admin_view.agents(session)


@router.post("/agents", status_code=201, responses=WRITE)
async def create_agent(body: AgentIn, caller: CallerDep, uow: UowDep) -> CreatedId:
    agent_id = await administration.create_agent(
        uow,
        caller,
        login=body.login,
        name=body.name,
        email=body.email,
        password=body.password,
        language=body.language,
        grants=body.groups,
    )
    return CreatedId(id=agent_id)


@router.patch("/agents/{login}", status_code=204, responses=documented(404))
async def update_agent(login: str, body: AgentPatch, caller: CallerDep, uow: UowDep) -> Response:
    changes = body.model_dump(exclude_unset=True)
    if "out_of_office" in changes:
        changes["out_of_office"] = body.out_of_office.to_domain() if body.out_of_office else None
    await administration.update_agent(uow, caller, login, changes)
    return Response(status_code=204)


@router.get("/groups")
async def groups(caller: CallerDep, session: SessionDep) -> list[str]:
    _admin(caller)
    return await admin_view.groups(session)


@router.post("/groups", status_code=201, responses=WRITE)
async def create_group(body: GroupIn, caller: CallerDep, uow: UowDep) -> CreatedId:
    return CreatedId(id=await administration.create_group(uow, caller, body.name))


@router.get("/queues")
async def queues(caller: CallerDep, session: SessionDep) -> list[QueueAdminOut]:
    _admin(caller)
    return await admin_view.queues(session)


@router.get("/follow-up-states")
async def follow_up_states(caller: CallerDep, session: SessionDep) -> list[str]:
    """The states a queue's ``follow_up_state`` may name: those of type open."""
    _admin(caller)
    return [state.name for state in await lookups.states(session) if state.type == StateType.OPEN.value]


@router.post("/queues", status_code=201, responses=WRITE)
async def create_queue(body: QueueIn, caller: CallerDep, uow: UowDep) -> CreatedId:
    queue_id = await administration.create_queue(
        uow,
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
        first_response_minutes=body.first_response_minutes,
        solution_minutes=body.solution_minutes,
        valid=body.valid,
        follow_up_state=body.follow_up_state,
    )
    return CreatedId(id=queue_id)


@router.patch("/queues/{queue_id}", status_code=204, responses=documented(404, 409))
async def update_queue(queue_id: Id, body: QueuePatch, caller: CallerDep, uow: UowDep) -> Response:  # type: ignore[valid-type]
    await queue_update.update_queue(uow, caller, queue_id, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
    return Response(status_code=204)


@router.get("/audit")
async def audit(
    caller: CallerDep, session: SessionDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[AuditOut]:
    """The latest admin changes first."""
    _admin(caller)
    return await admin_view.audit(session, limit)


@router.get("/agents/{login}/tokens", responses=documented(404))
async def agent_tokens(login: str, caller: CallerDep, uow: UowDep) -> list[TokenOut]:
    """An agent's live API tokens (never the tokens themselves)."""
    return [TokenOut.of(info) for info in await api_tokens.of_agent(uow, caller, login)]


@router.delete("/agents/{login}/tokens/{token_id}", status_code=204, responses=documented(404))
async def revoke_agent_token(login: str, token_id: int, caller: CallerDep, uow: UowDep) -> Response:
    await api_tokens.revoke_of_agent(uow, caller, login, token_id)
    return Response(status_code=204)
