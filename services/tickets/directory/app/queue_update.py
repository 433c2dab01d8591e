"""An admin changes a queue: any field of the create body, one audited transaction.

``name`` (a rename carries the sub-queues along: ``Alt::Kind`` becomes ``Neu::Kind``),
``group`` (by name), ``address``/``address_name`` (the sending system address) and
``auto_response`` (the auto-response to a new ticket, kept with the others by kind) need
translating; every other field is a column of ``queues`` of the same name, so a field added
to the create body is changeable here without code.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from services.tickets.directory.app import system_addresses
from services.tickets.directory.app.admin_audit import audit, require_admin
from services.tickets.directory.app.administration import (
    check_follow_up_state,
    check_texts,
    group_named,
    queue_named,
)
from services.tickets.directory.app.system_addresses import save_system_address
from services.tickets.directory.domain.records import QueueInfo
from services.tickets.errors import AlreadyExists, Invalid, NotFound
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.unit_of_work import TicketsUnitOfWork

TRANSLATED = ("name", "group", "address", "address_name", "auto_response")


async def update_queue(uow: TicketsUnitOfWork, caller: Caller, queue_id: int, changes: dict[str, Any]) -> None:
    require_admin(caller)
    check_texts({k: changes.get(k) for k in ("auto_response", "salutation", "signature")})
    plain = {k: v.value if isinstance(v, Enum) else v for k, v in changes.items() if k not in TRANSLATED}
    async with uow:
        columns = uow.admin.queue_columns() - {"id", "parent_id", "system_address_id"}
        if unknown := [k for k in plain if k not in columns]:
            raise Invalid(f"unknown fields {unknown}")
        queue = await uow.directory.queue(queue_id)
        if queue is None:
            raise NotFound(f"no queue {queue_id}")
        if "follow_up_state" in changes:
            await check_follow_up_state(uow, changes["follow_up_state"])
        if "group" in changes:
            plain["group_id"] = await group_named(uow, changes["group"])
        if plain:
            await uow.admin.update_queue(queue_id, plain)
        if changes.get("name", queue.name) != queue.name:
            await _rename(uow, queue, changes["name"])
        if "address" in changes or "address_name" in changes:
            await _sending_address(uow, caller, queue, changes)
        if "auto_response" in changes:
            await _new_ticket_response(uow, queue_id, changes["auto_response"])
        if "valid" in changes:
            await system_addresses.announce(uow)  # an invalid queue's addresses take no mail
        detail = {k: v.value if isinstance(v, Enum) else v for k, v in changes.items()}
        await audit(uow, caller, "queue.update", changes.get("name", queue.name), detail)
        await uow.commit()


async def _rename(uow: TicketsUnitOfWork, queue: QueueInfo, new: str) -> None:
    """The queue and its sub-queues under the new name; the new parent must exist and not be below it."""
    old = queue.name
    if await uow.admin.queue_id(new) is not None:
        raise AlreadyExists(f"queue {new!r} exists")
    parent = new.rpartition("::")[0]
    if parent == old or parent.startswith(old + "::"):
        raise Invalid("a queue cannot move below itself")
    parent_id = await queue_named(uow, parent) if parent else None
    await uow.admin.rename_queue_tree(queue.id, old, new, parent_id)


async def _new_ticket_response(uow: TicketsUnitOfWork, queue_id: int, text: str | None) -> None:
    """Replace (or, with null, remove) the response to a new ticket; the other kinds stay."""
    store = uow.auto_responses
    responses = await store.of_queue(queue_id)
    responses.pop(AutoResponseKind.NEW, None)
    if text:
        responses[AutoResponseKind.NEW] = AutoResponse("", text)
    await store.replace(queue_id, responses)


async def _sending_address(uow: TicketsUnitOfWork, caller: Caller, queue: QueueInfo, changes: dict[str, Any]) -> None:
    """The queue's own system address changed, or a new one made for it; ``address: null`` detaches it."""
    if "address" in changes and changes["address"] is None:
        await uow.admin.update_queue(queue.id, {"system_address_id": None})
        return
    fields = {"address": changes.get("address"), "display_name": changes.get("address_name")}
    fields = {k: v for k, v in fields.items() if v is not None}
    own = await uow.admin.own_address_id(queue.id)
    if own is not None:
        await save_system_address(uow, caller, own, fields)
        return
    if "address" not in fields:
        raise Invalid("the queue has no system address of its own: give 'address'")
    new_id = await save_system_address(uow, caller, None, {**fields, "queue_id": queue.id})
    await uow.admin.update_queue(queue.id, {"system_address_id": new_id})
