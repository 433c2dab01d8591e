"""Admin operations (the ``admin`` group, ``rw``): agents, groups, queues, system addresses.

Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from services.tickets.directory.app.admin_audit import audit as _audit
from services.tickets.directory.app.admin_audit import require_admin
from services.tickets.directory.app.system_addresses import refuse_system_address_for_agent, save_system_address
from services.tickets.directory.domain import templates
from services.tickets.directory.domain.out_of_office import OutOfOffice
from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import AlreadyExists, Invalid, NotFound
from services.tickets.identity.app import auth
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy
from services.tickets.ticketing.domain.states import StateType
from services.tickets.unit_of_work import TicketsUnitOfWork


async def create_group(uow: TicketsUnitOfWork, caller: Caller, name: str) -> int:
    require_admin(caller)
    async with uow:
        if await uow.admin.group_id(name) is not None:
            raise AlreadyExists(f"group {name!r} exists")
        group_id = await uow.setup.group(name)
        await _audit(uow, caller, "group.create", name, {})
        await uow.commit()
        return group_id


async def create_agent(
    uow: TicketsUnitOfWork,
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
    async with uow:
        await auth.require_good_password(uow, login, password)
        store = uow.setup
        if await store.agent_exists(login):
            raise AlreadyExists(f"agent {login!r} exists")
        await refuse_system_address_for_agent(uow, email)
        agent_id = await store.agent(login, name, email, await auth.hash_password(password), language=language)
        for group, permissions in grants.items():
            group_id = await group_named(uow, group)
            for permission in permissions:
                await store.grant_agent(agent_id, group_id, permission.value)
        await _audit(
            uow, caller, "agent.create", login, {"grants": {g: [p.value for p in ps] for g, ps in grants.items()}}
        )
        await uow.commit()
        return agent_id


async def update_agent(uow: TicketsUnitOfWork, caller: Caller, login: str, changes: dict[str, Any]) -> None:
    """Change an agent: ``name``, ``email``, ``language``, ``valid``, ``out_of_office`` (an
    :class:`OutOfOffice` or None). An agent set invalid loses every session and API token at once,
    so that validating him again later does not bring old tokens back."""
    require_admin(caller)
    if login == caller.agent.login and changes.get("valid") is False:
        raise Invalid("you cannot set yourself invalid; another admin can")
    now = datetime.now(UTC)
    async with uow:
        agent = await uow.directory.agent_by_login(login)
        if agent is None:
            raise NotFound(f"no agent {login!r}")
        values = {k: v for k, v in changes.items() if k != "out_of_office"}
        if values.get("email") is not None:
            await refuse_system_address_for_agent(uow, values["email"])
        if "out_of_office" in changes:
            period: OutOfOffice | None = changes["out_of_office"]
            values |= {
                "out_of_office_from": period.start if period else None,
                "out_of_office_until": period.end if period else None,
                "out_of_office_note": period.note if period else None,
            }
        if values:
            await uow.admin.update_agent(agent.id, values)
        revoked = await uow.agent_tokens.revoke_all(agent.id, now) if changes.get("valid") is False else 0
        detail = {k: str(v) if isinstance(v, date) else v for k, v in values.items()}
        await _audit(uow, caller, "agent.update", login, {**detail, "tokens_revoked": revoked})
        await uow.commit()


async def create_queue(
    uow: TicketsUnitOfWork,
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
    valid: bool = True,
    follow_up_state: str = "open",
) -> int:
    require_admin(caller)
    check_texts({"auto_response": auto_response, "salutation": salutation, "signature": signature})
    async with uow:
        await check_follow_up_state(uow, follow_up_state)
        if await uow.admin.queue_id(name) is not None:
            raise AlreadyExists(f"queue {name!r} exists")
        parent = name.rpartition("::")[0]
        if parent and await uow.admin.queue_id(parent) is None:
            raise Invalid(f"no parent queue {parent!r}")
        store = uow.setup
        queue_id = await store.queue(
            name,
            await group_named(uow, group),
            follow_up_policy=follow_up_policy.value,
            follow_up_state=follow_up_state,
            salutation=salutation,
            signature=signature,
            unlock_timeout_minutes=unlock_timeout_minutes,
            first_response_minutes=first_response_minutes,
            solution_minutes=solution_minutes,
            valid=valid,
        )
        if address:
            await save_system_address(
                uow, caller, None, {"address": address, "display_name": address_name, "queue_id": queue_id}
            )
        if auto_response:
            new = {AutoResponseKind.NEW: AutoResponse("", auto_response)}
            await uow.auto_responses.replace(queue_id, new)
        await _audit(
            uow,
            caller,
            "queue.create",
            name,
            {
                "group": group,
                "address": address,
                "follow_up_policy": follow_up_policy.value,
                "follow_up_state": follow_up_state,
                "first_response_minutes": first_response_minutes,
                "solution_minutes": solution_minutes,
            },
        )
        await uow.commit()
        return queue_id


async def check_follow_up_state(uow: TicketsUnitOfWork, name: str) -> None:
    """A queue's follow-up state must be a state of type open (OTRS's ``PostMaster::FollowUpState``)."""
    state = await uow.tickets.state_by_name(name)
    if state is None or state.type is not StateType.OPEN:
        raise Invalid(f"follow_up_state {name!r} is not a state of type open")


def check_texts(texts: dict[str, str | None]) -> None:
    """A queue's templated texts must render before they are stored, not when the first mail needs them."""
    for label, text in texts.items():
        if text and (problem := templates.problem(text)):
            raise Invalid(f"{label} does not render: {problem}")


async def group_named(uow: TicketsUnitOfWork, name: str) -> int:
    if (found := await uow.admin.group_id(name)) is None:
        raise Invalid(f"no group {name!r}")
    return found


async def queue_named(uow: TicketsUnitOfWork, name: str) -> int:
    if (found := await uow.admin.queue_id(name)) is None:
        raise Invalid(f"no queue {name!r}")
    return found
