"""What the admin operations write besides the setup store: agents, queues, system addresses, companies.

No checks here (the app layer checks and audits); each method is one statement or a short
series of them in the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables

a, q, sa = directory_tables.agents, directory_tables.queues, directory_tables.system_addresses
cc, cu = directory_tables.customer_companies, directory_tables.customer_users


class AdminStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _scalar(self, query: Any) -> Any:
        return (await self.session.execute(query)).scalar_one_or_none()

    # agents and groups
    async def group_id(self, name: str) -> int | None:
        return await self._scalar(select(directory_tables.groups.c.id).where(directory_tables.groups.c.name == name))

    async def update_agent(self, agent_id: int, values: dict[str, Any]) -> None:
        await self.session.execute(update(a).where(a.c.id == agent_id).values(**values))

    async def agent_with_email(self, address: str) -> str | None:
        """The login of an agent whose own address this is (case aside), or None."""
        query = select(a.c.login).where(func.lower(a.c.email) == address.strip().lower()).order_by(a.c.id).limit(1)
        return await self._scalar(query)

    # queues
    @staticmethod
    def queue_columns() -> set[str]:
        return set(q.c.keys())

    async def queue_id(self, name: str) -> int | None:
        return await self._scalar(select(q.c.id).where(q.c.name == name))

    async def update_queue(self, queue_id: int, values: dict[str, Any]) -> None:
        await self.session.execute(update(q).where(q.c.id == queue_id).values(**values))

    async def rename_queue_tree(self, queue_id: int, old: str, new: str, parent_id: int | None) -> None:
        """The queue gets ``new`` and ``parent_id``; its sub-queues keep their place below it."""
        await self.update_queue(queue_id, {"name": new, "parent_id": parent_id})
        below = select(q.c.id, q.c.name).where(q.c.name.startswith(old + "::", autoescape=True))
        for child_id, name in (await self.session.execute(below)).all():
            await self.update_queue(child_id, {"name": new + name[len(old) :]})

    async def own_address_id(self, queue_id: int) -> int | None:
        """The queue's sending address when it is also an address leading to this queue."""
        query = (
            select(sa.c.id)
            .join(q, q.c.system_address_id == sa.c.id)
            .where(q.c.id == queue_id, sa.c.queue_id == queue_id)
        )
        return await self._scalar(query)

    # system addresses
    async def address(self, address_id: int) -> Any:
        return (await self.session.execute(select(sa).where(sa.c.id == address_id))).first()

    async def address_taken(self, address: str, except_id: int | None) -> bool:
        taken = select(sa.c.id).where(func.lower(sa.c.address) == address.lower())
        if except_id is not None:
            taken = taken.where(sa.c.id != except_id)
        return (await self.session.execute(taken)).first() is not None

    async def add_address(self, values: dict[str, Any]) -> int:
        query = insert(sa).values({"display_name": "", "valid": True, **values}).returning(sa.c.id)
        return (await self.session.execute(query)).scalar_one()

    async def update_address(self, address_id: int, changes: dict[str, Any]) -> None:
        await self.session.execute(update(sa).where(sa.c.id == address_id).values(**changes))

    async def stop_sending_from(self, address_id: int) -> None:
        """Queues that send from the address no longer do (it leads to another queue now)."""
        await self.session.execute(update(q).where(q.c.system_address_id == address_id).values(system_address_id=None))

    async def send_from_if_none(self, queue_id: int, address_id: int) -> None:
        """A queue without a sending address gets this one."""
        query = update(q).where(q.c.id == queue_id, q.c.system_address_id.is_(None))
        await self.session.execute(query.values(system_address_id=address_id))

    # customer companies and users
    async def company_name(self, company_id: int) -> str | None:
        return await self._scalar(select(cc.c.name).where(cc.c.id == company_id))

    async def company_name_taken(self, name: str, except_id: int | None) -> bool:
        query = select(cc.c.id).where(func.lower(cc.c.name) == name.lower())
        if except_id is not None:
            query = query.where(cc.c.id != except_id)
        return (await self.session.execute(query)).first() is not None

    async def add_company(self, fields: dict[str, Any]) -> int:
        return (await self.session.execute(insert(cc).values(**fields).returning(cc.c.id))).scalar_one()

    async def update_company(self, company_id: int, changes: dict[str, Any]) -> None:
        await self.session.execute(update(cc).where(cc.c.id == company_id).values(**changes))

    async def add_customer(
        self, login: str, emails: list[str], password_hash: str | None, fields: dict[str, Any]
    ) -> int:
        values = {"login": login, "email": emails[0], "emails": emails, "password_hash": password_hash, **fields}
        return (await self.session.execute(insert(cu).values(**values).returning(cu.c.id))).scalar_one()

    async def update_customer(self, customer_id: int, changes: dict[str, Any]) -> None:
        await self.session.execute(update(cu).where(cu.c.id == customer_id).values(**changes))
