"""Idempotent writes for setting a system up (first admin, demo data): ensure, never duplicate."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.adapters.customers import CustomerStore
from services.tickets.sql import insert_ignore


class SetupStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _ensure(self, table: Table, key: str, value: str, **values: object) -> int:
        found = (await self.session.execute(select(table.c.id).where(table.c[key] == value))).scalar_one_or_none()
        if found is not None:
            return found
        statement = insert(table).values({key: value, **values}).returning(table.c.id)
        return (await self.session.execute(statement)).scalar_one()

    async def agent_count(self) -> int:
        return (await self.session.execute(select(func.count()).select_from(directory_tables.agents))).scalar_one()

    async def agent_exists(self, login: str) -> bool:
        found = await self.session.execute(
            select(directory_tables.agents.c.id).where(directory_tables.agents.c.login == login)
        )
        return found.first() is not None

    async def group(self, name: str) -> int:
        return await self._ensure(directory_tables.groups, "name", name)

    async def all_groups(self) -> list[int]:
        return list((await self.session.execute(select(directory_tables.groups.c.id))).scalars())

    async def role(self, name: str) -> int:
        return await self._ensure(directory_tables.roles, "name", name)

    async def agent(self, login: str, name: str, email: str, password_hash: str, language: str = "de") -> int:
        return await self._ensure(
            directory_tables.agents,
            "login",
            login,
            name=name,
            email=email,
            language=language,
            password_hash=password_hash,
            valid=True,
            created_at=datetime.now(UTC),
        )

    async def queue(self, name: str, group_id: int, **settings: object) -> int:
        parent, _, _ = name.rpartition("::")
        parent_id = await self._ensure(directory_tables.queues, "name", parent, group_id=group_id) if parent else None
        queue_id = await self._ensure(directory_tables.queues, "name", name, group_id=group_id, parent_id=parent_id)
        await self.session.execute(
            update(directory_tables.queues)
            .where(directory_tables.queues.c.id == queue_id)
            .values(group_id=group_id, parent_id=parent_id, **settings)
        )
        return queue_id

    async def address(self, address: str, display_name: str, queue_id: int) -> None:
        address_id = await self._ensure(
            directory_tables.system_addresses,
            "address",
            address,
            display_name=display_name,
            queue_id=queue_id,
            valid=True,
        )
        await self.session.execute(
            update(directory_tables.queues)
            .where(directory_tables.queues.c.id == queue_id, directory_tables.queues.c.system_address_id.is_(None))
            .values(system_address_id=address_id)
        )

    async def customer(self, login: str, name: str, email: str, company: str | None, password_hash: str) -> bool:
        """True when the customer was created now (an existing one keeps its password)."""
        found = (
            await self.session.execute(
                select(directory_tables.customer_users.c.id).where(directory_tables.customer_users.c.login == login)
            )
        ).scalar_one_or_none()
        if found is not None:
            return False
        company_id = (
            await self._ensure(directory_tables.customer_companies, "name", company, valid=True) if company else None
        )
        customer_id = (
            await self.session.execute(
                insert(directory_tables.customer_users)
                .values(
                    login=login,
                    name=name,
                    email=email,
                    emails=[email],
                    company_id=company_id,
                    valid=True,
                    password_hash=password_hash,
                    sees_company=False,
                )
                .returning(directory_tables.customer_users.c.id)
            )
        ).scalar_one()
        await CustomerStore(self.session).set_addresses(customer_id, [email])
        return True

    async def grant_agent(self, agent_id: int, group_id: int, permission: str) -> None:
        await self.session.execute(
            insert_ignore(self.session, directory_tables.agent_groups, ["agent_id", "group_id", "permission"]).values(
                agent_id=agent_id, group_id=group_id, permission=permission
            )
        )

    async def grant_role(self, role_id: int, group_id: int, permission: str) -> None:
        await self.session.execute(
            insert_ignore(self.session, directory_tables.role_groups, ["role_id", "group_id", "permission"]).values(
                role_id=role_id, group_id=group_id, permission=permission
            )
        )

    async def assign_role(self, agent_id: int, role_id: int) -> None:
        await self.session.execute(
            insert_ignore(self.session, directory_tables.agent_roles, ["agent_id", "role_id"]).values(
                agent_id=agent_id, role_id=role_id
            )
        )
