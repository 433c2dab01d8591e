"""Roles: named bundles of group permissions that agents receive as a whole."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.domain.records import RoleView

roles, role_groups, agent_roles = directory_tables.roles, directory_tables.role_groups, directory_tables.agent_roles


class Roles:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def id(self, name: str) -> int | None:
        return (await self.session.execute(select(roles.c.id).where(roles.c.name == name))).scalar_one_or_none()

    async def create(self, name: str) -> int:
        return (await self.session.execute(insert(roles).values(name=name).returning(roles.c.id))).scalar_one()

    async def set_grants(self, role_id: int, grants: list[tuple[int, str]]) -> None:
        """Replace the role's group permissions."""
        await self.session.execute(delete(role_groups).where(role_groups.c.role_id == role_id))
        for group_id, permission in grants:
            await self.session.execute(
                insert(role_groups).values(role_id=role_id, group_id=group_id, permission=permission)
            )

    async def has_agent(self, agent_id: int, role_id: int) -> bool:
        query = select(agent_roles).where(agent_roles.c.agent_id == agent_id, agent_roles.c.role_id == role_id)
        return (await self.session.execute(query)).first() is not None

    async def add_agent(self, agent_id: int, role_id: int) -> None:
        await self.session.execute(insert(agent_roles).values(agent_id=agent_id, role_id=role_id))

    async def remove_agent(self, agent_id: int, role_id: int) -> None:
        await self.session.execute(
            delete(agent_roles).where(agent_roles.c.agent_id == agent_id, agent_roles.c.role_id == role_id)
        )

    async def all(self) -> list[RoleView]:
        views = {name: RoleView(name) for name in (await self.session.execute(select(roles.c.name))).scalars()}
        grants = await self.session.execute(
            select(roles.c.name, directory_tables.groups.c.name.label("group"), role_groups.c.permission)
            .join(role_groups, role_groups.c.role_id == roles.c.id)
            .join(directory_tables.groups, directory_tables.groups.c.id == role_groups.c.group_id)
            .order_by(directory_tables.groups.c.name, role_groups.c.permission)
        )
        for role, group, permission in grants:
            views[role].groups.setdefault(group, []).append(permission)
        members = await self.session.execute(
            select(roles.c.name, directory_tables.agents.c.login)
            .join(agent_roles, agent_roles.c.role_id == roles.c.id)
            .join(directory_tables.agents, directory_tables.agents.c.id == agent_roles.c.agent_id)
            .order_by(directory_tables.agents.c.login)
        )
        for role, login in members:
            views[role].agents.append(login)
        return [views[name] for name in sorted(views)]
