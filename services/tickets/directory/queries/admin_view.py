"""What the admin pages list: agents with their grants, groups, every queue, the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.adapters.directory import out_of_office
from services.tickets.ticketing.domain.auto_responses import AutoResponseKind
from services.tickets.ticketing.queries.schemas import OutOfOfficeOut


class AgentAdminOut(BaseModel):
    login: str
    name: str
    email: str
    language: str
    valid: bool
    groups: dict[str, list[str]]
    roles: list[str]
    out_of_office: OutOfOfficeOut | None


class QueueAdminOut(BaseModel):
    id: int
    name: str
    group: str
    address: str | None
    address_name: str | None
    follow_up_policy: str
    follow_up_state: str = "open"
    auto_response: str | None = Field(description="The text of the queue's auto-response to a new ticket.")
    salutation: str | None
    signature: str | None
    unlock_timeout_minutes: int
    first_response_minutes: int = 0
    solution_minutes: int = 0
    valid: bool


class AuditOut(BaseModel):
    id: int
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]
    created_at: datetime


async def agents(session: AsyncSession) -> list[AgentAdminOut]:
    a, ag, g, ar, r = (
        directory_tables.agents,
        directory_tables.agent_groups,
        directory_tables.groups,
        directory_tables.agent_roles,
        directory_tables.roles,
    )
    grants = (
        await session.execute(select(ag.c.agent_id, g.c.name, ag.c.permission).join(g, g.c.id == ag.c.group_id))
    ).all()
    roles = (await session.execute(select(ar.c.agent_id, r.c.name).join(r, r.c.id == ar.c.role_id))).all()
    out = []
    for row in (await session.execute(select(a).order_by(a.c.login))).all():
        groups: dict[str, list[str]] = {}
        for agent_id, group, permission in grants:
            if agent_id == row.id:
                groups.setdefault(group, []).append(permission)
        out.append(
            AgentAdminOut(
                login=row.login,
                name=row.name,
                email=row.email,
                language=row.language,
                valid=row.valid,
                groups={k: sorted(v) for k, v in sorted(groups.items())},
                roles=sorted(name for agent_id, name in roles if agent_id == row.id),
                out_of_office=OutOfOfficeOut.of(out_of_office(row)),
            )
        )
    return out


async def groups(session: AsyncSession) -> list[str]:
    return list(
        (
            await session.execute(select(directory_tables.groups.c.name).order_by(directory_tables.groups.c.name))
        ).scalars()
    )


async def queues(session: AsyncSession) -> list[QueueAdminOut]:
    q, g, sa, ar = (
        directory_tables.queues,
        directory_tables.groups,
        directory_tables.system_addresses,
        directory_tables.queue_auto_responses,
    )
    rows = (
        await session.execute(
            select(q, g.c.name.label("group"), sa.c.address, sa.c.display_name, ar.c.body.label("auto_response"))
            .join(g, g.c.id == q.c.group_id)
            .outerjoin(sa, sa.c.id == q.c.system_address_id)
            .outerjoin(ar, and_(ar.c.queue_id == q.c.id, ar.c.kind == AutoResponseKind.NEW.value))
            .order_by(q.c.name)
        )
    ).all()
    return [
        QueueAdminOut(
            id=r.id,
            name=r.name,
            group=r.group,
            address=r.address,
            address_name=r.display_name,
            follow_up_policy=r.follow_up_policy,
            follow_up_state=r.follow_up_state,
            auto_response=r.auto_response,
            salutation=r.salutation,
            signature=r.signature,
            unlock_timeout_minutes=r.unlock_timeout_minutes,
            first_response_minutes=r.first_response_minutes,
            solution_minutes=r.solution_minutes,
            valid=r.valid,
        )
        for r in rows
    ]


async def audit(session: AsyncSession, limit: int) -> list[AuditOut]:
    al = directory_tables.audit_log
    rows = (await session.execute(select(al).order_by(al.c.id.desc()).limit(limit))).all()
    return [
        AuditOut(id=r.id, actor=r.actor, action=r.action, subject=r.subject, detail=r.detail, created_at=r.created_at)
        for r in rows
    ]


class SystemAddressOut(BaseModel):
    id: int
    address: str
    display_name: str
    queue_id: int
    queue: str
    valid: bool


async def system_addresses(session: AsyncSession) -> list[SystemAddressOut]:
    sa, q = directory_tables.system_addresses, directory_tables.queues
    rows = (
        await session.execute(
            select(sa, q.c.name.label("queue")).join(q, q.c.id == sa.c.queue_id).order_by(sa.c.address)
        )
    ).all()
    return [SystemAddressOut.model_validate(r._mapping) for r in rows]
