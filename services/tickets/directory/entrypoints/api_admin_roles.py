"""``/api/v1/admin/roles`` and an agent's roles (included in the admin router: rw in ``admin`` only)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from services.tickets.deps import CallerDep, UowDep
from services.tickets.directory.app import roles
from services.tickets.directory.domain.permissions import Permission
from services.tickets.problems import documented

router = APIRouter()
RoleName = Field(min_length=1, max_length=200, pattern=r"^[\w. -]+$")


class RoleIn(BaseModel):
    name: str = RoleName


class RoleOut(BaseModel):
    name: str
    groups: dict[str, list[str]]
    agents: list[str]


class GrantsIn(BaseModel):
    groups: dict[str, list[Permission]] = Field(description="group name -> permissions; replaces the role's grants")


class AgentRoleIn(BaseModel):
    role: str = RoleName


class RoleCreated(BaseModel):
    id: int


@router.get("/roles")
async def all_roles(caller: CallerDep, uow: UowDep) -> list[RoleOut]:
    return [RoleOut(name=r.name, groups=r.groups, agents=r.agents) for r in await roles.all_roles(uow, caller)]


@router.post("/roles", status_code=201, responses=documented(409))
async def create_role(body: RoleIn, caller: CallerDep, uow: UowDep) -> RoleCreated:
    return RoleCreated(id=await roles.create(uow, caller, body.name))


@router.put("/roles/{name}/groups", status_code=204, responses=documented(404))
async def set_grants(name: str, body: GrantsIn, caller: CallerDep, uow: UowDep) -> Response:
    await roles.set_grants(uow, caller, name, body.groups)
    return Response(status_code=204)


@router.post("/agents/{login}/roles", status_code=204, responses=documented(404))
async def give_role(login: str, body: AgentRoleIn, caller: CallerDep, uow: UowDep) -> Response:
    await roles.give(uow, caller, login, body.role, granted=True)
    return Response(status_code=204)


@router.delete("/agents/{login}/roles/{role}", status_code=204, responses=documented(404))
async def take_role(login: str, role: str, caller: CallerDep, uow: UowDep) -> Response:
    await roles.give(uow, caller, login, role, granted=False)
    return Response(status_code=204)
