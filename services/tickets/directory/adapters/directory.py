"""Queues, system addresses, agents and their permissions, as the handlers need them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.domain.out_of_office import OutOfOffice
from services.tickets.directory.domain.permissions import ADMIN_GROUP, Grant, Permission, PermissionSet
from services.tickets.directory.domain.records import AgentInfo, QueueInfo
from services.tickets.sql import insert_ignore
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy

q, sa = directory_tables.queues, directory_tables.system_addresses

FALLBACK_QUEUE = "Postmaster"
FALLBACK_GROUP = "users"


def out_of_office(row: Row[Any]) -> OutOfOffice | None:
    """The period of an ``agents`` row, or None when none is set."""
    if row.out_of_office_from is None or row.out_of_office_until is None:
        return None
    return OutOfOffice(row.out_of_office_from, row.out_of_office_until, row.out_of_office_note)


class Directory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _queue_query(self) -> Select[Any]:
        """A queue with the system address it sends from."""
        return select(q, sa.c.address, sa.c.display_name).outerjoin(sa, sa.c.id == q.c.system_address_id)

    @staticmethod
    def _queue(row: Row[Any]) -> QueueInfo:
        return QueueInfo(
            id=row.id,
            name=row.name,
            group_id=row.group_id,
            follow_up_policy=FollowUpPolicy(row.follow_up_policy),
            salutation=row.salutation,
            signature=row.signature,
            address=row.address,
            address_name=row.display_name,
            valid=row.valid,
            follow_up_state=row.follow_up_state,
        )

    async def queue(self, queue_id: int) -> QueueInfo | None:
        row = (await self.session.execute(self._queue_query().where(q.c.id == queue_id))).first()
        return self._queue(row) if row else None

    async def existing_queue_ids(self, queue_ids: list[int]) -> set[int]:
        return set((await self.session.execute(select(q.c.id).where(q.c.id.in_(queue_ids)))).scalars())

    async def unlock_timeouts(self) -> dict[int, int]:
        """Queue id → unlock timeout in minutes, for the queues that have one."""
        query = select(q.c.id, q.c.unlock_timeout_minutes).where(q.c.unlock_timeout_minutes > 0)
        return {row.id: row.unlock_timeout_minutes for row in await self.session.execute(query)}

    async def queue_by_name(self, name: str) -> QueueInfo | None:
        row = (await self.session.execute(self._queue_query().where(q.c.name == name))).first()
        return self._queue(row) if row else None

    async def queue_for_recipients(self, recipients: list[str]) -> QueueInfo | None:
        """The queue of the first recipient that is one of our system addresses."""
        lowered = [r.strip().lower() for r in recipients if r]
        if not lowered:
            return None
        rows = (
            await self.session.execute(
                select(func.lower(sa.c.address), sa.c.queue_id).where(
                    func.lower(sa.c.address).in_(lowered), sa.c.valid.is_(True)
                )
            )
        ).all()
        by_address = dict(rows)
        queue_id = next((by_address[r] for r in lowered if r in by_address), None)
        return await self.queue(queue_id) if queue_id is not None else None

    async def system_addresses(self) -> list[str]:
        """The valid system addresses of valid queues, lower case and sorted: where mail may go."""
        query = (
            select(func.lower(sa.c.address))
            .join(q, q.c.id == sa.c.queue_id)
            .where(sa.c.valid.is_(True), q.c.valid.is_(True))
            .order_by(func.lower(sa.c.address))
        )
        return list(dict.fromkeys((await self.session.execute(query)).scalars()))

    async def default_queue(self, preferred: str | None = None) -> QueueInfo:
        """``preferred`` (the runtime setting ``default_queue``) when it names a valid queue, else the
        first valid queue; on an empty system a ``Postmaster`` queue, so no mail is lost."""
        chosen = await self.queue_by_name(preferred) if preferred else None
        if chosen is not None and chosen.valid:
            return chosen
        row = (
            await self.session.execute(self._queue_query().where(q.c.valid.is_(True)).order_by(q.c.id).limit(1))
        ).first()
        if row is not None:
            return self._queue(row)
        group_id = await self.ensure_group(FALLBACK_GROUP)
        # Two replicas may get here at once: the second insert is a no-op.
        await self.session.execute(
            insert_ignore(self.session, q, ["name"]).values(
                name=FALLBACK_QUEUE,
                group_id=group_id,
                follow_up_policy=FollowUpPolicy.REOPEN.value,
                unlock_timeout_minutes=0,
                valid=True,
            )
        )
        found = await self.queue_by_name(FALLBACK_QUEUE)
        assert found is not None
        return found

    async def ensure_group(self, name: str) -> int:
        await self.session.execute(insert_ignore(self.session, directory_tables.groups, ["name"]).values(name=name))
        return (
            await self.session.execute(
                select(directory_tables.groups.c.id).where(directory_tables.groups.c.name == name)
            )
        ).scalar_one()

    async def agent_by_login(self, login: str) -> AgentInfo | None:
        row = (
            await self.session.execute(select(directory_tables.agents).where(directory_tables.agents.c.login == login))
        ).first()
        return self._agent(row) if row else None

    async def agent(self, agent_id: int) -> AgentInfo | None:
        row = (
            await self.session.execute(select(directory_tables.agents).where(directory_tables.agents.c.id == agent_id))
        ).first()
        return self._agent(row) if row else None

    @staticmethod
    def _agent(row: Row[Any]) -> AgentInfo:
        return AgentInfo(
            id=row.id,
            login=row.login,
            name=row.name,
            email=row.email,
            language=row.language,
            valid=row.valid,
            password_hash=row.password_hash,
            out_of_office=out_of_office(row),
        )

    async def permissions(self, agent_id: int) -> PermissionSet:
        ag, ar, rg = directory_tables.agent_groups, directory_tables.agent_roles, directory_tables.role_groups
        direct = (
            await self.session.execute(select(ag.c.group_id, ag.c.permission).where(ag.c.agent_id == agent_id))
        ).all()
        via_roles = (
            await self.session.execute(
                select(rg.c.group_id, rg.c.permission)
                .join(ar, ar.c.role_id == rg.c.role_id)
                .where(ar.c.agent_id == agent_id)
            )
        ).all()
        admin_id = (
            await self.session.execute(
                select(directory_tables.groups.c.id).where(directory_tables.groups.c.name == ADMIN_GROUP)
            )
        ).scalar_one_or_none()
        return PermissionSet.resolve(
            [Grant(g, Permission(p)) for g, p in direct], [Grant(g, Permission(p)) for g, p in via_roles], admin_id
        )

    async def readable_queue_ids(self, permissions: PermissionSet) -> list[int]:
        groups = permissions.readable_groups()
        if not groups:
            return []
        return list(
            (await self.session.execute(select(q.c.id).where(q.c.group_id.in_(groups)).order_by(q.c.id))).scalars()
        )

    async def customer_login_for(self, email: str | None) -> str | None:
        """The valid customer user who has ``email`` among his addresses (each belongs to one only)."""
        if not email:
            return None
        cu, ce = directory_tables.customer_users, directory_tables.customer_emails
        return (
            await self.session.execute(
                select(cu.c.login)
                .join(ce, ce.c.customer_id == cu.c.id)
                .where(ce.c.address == email.lower(), cu.c.valid.is_(True))
            )
        ).scalar_one_or_none()

    async def customer_name_for(self, email: str) -> str:
        """How to greet ``email``: the name of the valid customer user it belongs to, else the address itself."""
        cu, ce = directory_tables.customer_users, directory_tables.customer_emails
        name = (
            await self.session.execute(
                select(cu.c.name)
                .join(ce, ce.c.customer_id == cu.c.id)
                .where(ce.c.address == email.lower(), cu.c.valid.is_(True))
            )
        ).scalar_one_or_none()
        return name or email

    async def queue_by_ref(self, name_or_id: str | int) -> QueueInfo | None:
        """A queue by id or by its full name (``Parent::Child``)."""
        text = str(name_or_id)
        if text.isdigit() and len(text) < 19:
            return await self.queue(int(text))
        return await self.queue_by_name(text)

    async def login_of(self, agent_id: int | None) -> str | None:
        agent = await self.agent(agent_id) if agent_id is not None else None
        return agent.login if agent else None

    async def set_password_hash(self, agent_id: int, password_hash: str) -> None:
        await self.session.execute(
            update(directory_tables.agents)
            .where(directory_tables.agents.c.id == agent_id)
            .values(password_hash=password_hash)
        )

    async def agent_emails(self) -> set[str]:
        rows = await self.session.execute(
            select(func.lower(directory_tables.agents.c.email)).where(directory_tables.agents.c.valid.is_(True))
        )
        return set(rows.scalars())
