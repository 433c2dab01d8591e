"""Admin operations (the ``admin`` group, ``rw``): agents, groups, queues, system addresses.

Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from services.tickets.adapters import orm
from services.tickets.adapters.auto_response_store import AutoResponseStore
from services.tickets.adapters.setup_store import SetupStore
from services.tickets.app import auth, system_addresses
from services.tickets.app.auth import Caller
from services.tickets.app.unit_of_work import TicketsUnitOfWork
from services.tickets.domain import templates
from services.tickets.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.domain.errors import AlreadyExists, Forbidden, Invalid
from services.tickets.domain.follow_up import FollowUpPolicy
from services.tickets.domain.permissions import Permission
from shared.db import Database


def require_admin(caller: Caller) -> None:
    if not caller.permissions.is_admin:
        raise Forbidden("this needs rw in the admin group")


async def _audit(uow: TicketsUnitOfWork, caller: Caller, action: str, subject: str, detail: dict[str, Any]) -> None:
    await uow.session.execute(
        insert(orm.audit_log).values(
            actor=f"agent:{caller.agent.login}",
            action=action,
            subject=subject,
            detail=detail,
            created_at=datetime.now(UTC),
        )
    )


async def create_group(database: Database, caller: Caller, name: str) -> int:
    require_admin(caller)
    async with TicketsUnitOfWork(database) as uow:
        if await _exists(uow, orm.groups, "name", name):
            raise AlreadyExists(f"group {name!r} exists")
        group_id = await SetupStore(uow.session).group(name)
        await _audit(uow, caller, "group.create", name, {})
        await uow.commit()
        return group_id


async def create_agent(
    database: Database,
    caller: Caller,
    *,
    login: str,
    name: str,
    email: str,
    password: str,
    language: str,
    grants: dict[str, list[Permission]],
) -> int:
    require_admin(caller)
    if len(password) < auth.MIN_PASSWORD:
        raise Invalid(f"the password needs at least {auth.MIN_PASSWORD} characters")
    async with TicketsUnitOfWork(database) as uow:
        store = SetupStore(uow.session)
        if await store.agent_exists(login):
            raise AlreadyExists(f"agent {login!r} exists")
        agent_id = await store.agent(login, name, email, await auth.hash_password(password), language=language)
        for group, permissions in grants.items():
            group_id = await _id(uow, orm.groups, "name", group)
            for permission in permissions:
                await store.grant_agent(agent_id, group_id, permission.value)
        await _audit(
            uow, caller, "agent.create", login, {"grants": {g: [p.value for p in ps] for g, ps in grants.items()}}
        )
        await uow.commit()
        return agent_id


async def create_queue(
    database: Database,
    caller: Caller,
    *,
    name: str,
    group: str,
    address: str | None,
    address_name: str,
    follow_up_policy: FollowUpPolicy,
    auto_response: str | None,
    salutation: str | None,
    signature: str | None,
    unlock_timeout_minutes: int,
    first_response_minutes: int = 0,
    solution_minutes: int = 0,
) -> int:
    require_admin(caller)
    for label, text in (("auto_response", auto_response), ("salutation", salutation), ("signature", signature)):
        if text and (problem := templates.problem(text)):
            raise Invalid(f"{label} does not render: {problem}")
    async with TicketsUnitOfWork(database) as uow:
        if await _exists(uow, orm.queues, "name", name):
            raise AlreadyExists(f"queue {name!r} exists")
        parent = name.rpartition("::")[0]
        if parent and not await _exists(uow, orm.queues, "name", parent):
            raise Invalid(f"no parent queue {parent!r}")
        if address and await _exists(uow, orm.system_addresses, "address", address):
            raise AlreadyExists(f"address {address!r} belongs to another queue")
        store = SetupStore(uow.session)
        queue_id = await store.queue(
            name,
            await _id(uow, orm.groups, "name", group),
            follow_up_policy=follow_up_policy.value,
            salutation=salutation,
            signature=signature,
            unlock_timeout_minutes=unlock_timeout_minutes,
            first_response_minutes=first_response_minutes,
            solution_minutes=solution_minutes,
        )
        if address:
            await store.address(address, address_name, queue_id)
            await system_addresses.announce(uow)
        if auto_response:
            new = {AutoResponseKind.NEW: AutoResponse("", auto_response)}
            await AutoResponseStore(uow.session).replace(queue_id, new)
        await _audit(
            uow,
            caller,
            "queue.create",
            name,
            {
                "group": group,
                "address": address,
                "follow_up_policy": follow_up_policy.value,
                "first_response_minutes": first_response_minutes,
                "solution_minutes": solution_minutes,
            },
        )
        await uow.commit()
        return queue_id


async def _exists(uow: TicketsUnitOfWork, table: Any, column: str, value: str) -> bool:
    return (await uow.session.execute(select(table.c.id).where(table.c[column] == value))).first() is not None


async def _id(uow: TicketsUnitOfWork, table: Any, column: str, value: str) -> int:
    found = (await uow.session.execute(select(table.c.id).where(table.c[column] == value))).scalar_one_or_none()
    if found is None:
        raise Invalid(f"no {table.name[:-1]} {value!r}")
    return found
