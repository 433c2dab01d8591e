"""Admin changes to roles (create, grant group permissions, give to or take from an agent), each audited.

An agent's permissions are read fresh on every request, so a change holds from the next request on.
"""

from __future__ import annotations

from services.tickets.directory.app.administration import _audit, group_named, require_admin
from services.tickets.directory.domain.permissions import Permission
from services.tickets.directory.domain.records import RoleView
from services.tickets.errors import AlreadyExists, NotFound
from services.tickets.identity.app.auth import Caller
from services.tickets.unit_of_work import TicketsUnitOfWork


async def all_roles(uow: TicketsUnitOfWork, caller: Caller) -> list[RoleView]:
    require_admin(caller)
    async with uow:
        return await uow.roles.all()


async def create(uow: TicketsUnitOfWork, caller: Caller, name: str) -> int:
    require_admin(caller)
    async with uow:
        store = uow.roles
        if await store.id(name) is not None:
            raise AlreadyExists(f"role {name!r} exists")
        role_id = await store.create(name)
        await _audit(uow, caller, "role.create", name, {})
        await uow.commit()
        return role_id


async def _role(uow: TicketsUnitOfWork, name: str) -> int:
    role_id = await uow.roles.id(name)
    if role_id is None:
        raise NotFound(f"no role {name!r}")
    return role_id


async def set_grants(uow: TicketsUnitOfWork, caller: Caller, name: str, grants: dict[str, list[Permission]]) -> None:
    """The role's group permissions become exactly ``grants``."""
    require_admin(caller)
    async with uow:
        store = uow.roles
        role_id = await _role(uow, name)
        rows = [
            (await group_named(uow, group), permission.value)
            for group, permissions in grants.items()
            for permission in set(permissions)
        ]
        await store.set_grants(role_id, rows)
        detail = {g: sorted(p.value for p in set(ps)) for g, ps in grants.items()}
        await _audit(uow, caller, "role.grant", name, {"groups": detail})
        await uow.commit()


async def give(uow: TicketsUnitOfWork, caller: Caller, login: str, name: str, *, granted: bool) -> None:
    """Give the role to the agent (``granted``) or take it away; repeating either is harmless."""
    require_admin(caller)
    async with uow:
        store = uow.roles
        role_id = await _role(uow, name)
        agent = await uow.directory.agent_by_login(login)
        if agent is None:
            raise NotFound(f"no agent {login!r}")
        if granted == await store.has_agent(agent.id, role_id):
            return
        await (store.add_agent if granted else store.remove_agent)(agent.id, role_id)
        await _audit(uow, caller, "agent.role." + ("add" if granted else "remove"), login, {"role": name})
        await uow.commit()
