"""System addresses: our mail addresses; the recipient's address decides the queue of a new mail.

Every change to a system address — the admin API and the queue form alike — goes through
:func:`save_system_address`, so whatever must follow a change happens in exactly one place:
the audit entry, and :func:`announce`, which puts the complete list of valid addresses in
the outbox with the change (ingest refuses mail to any other at RCPT). A change of a queue's
validity announces too, and the service announces once when it starts, so a fresh ingest,
or one that missed an event, learns the list.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from services.tickets.directory.app.admin_audit import audit as _audit
from services.tickets.directory.app.admin_audit import require_admin
from services.tickets.errors import AlreadyExists, Invalid, NotFound
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.app.events import SOURCE
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts import new_event
from shared.contracts.tickets import SystemAddressesChangedV1

log = logging.getLogger(__name__)

FIELDS = ("address", "display_name", "queue_id", "valid")
KEY = "system-addresses"


async def save_system_address(
    uow: TicketsUnitOfWork, caller: Caller, address_id: int | None, changes: dict[str, Any]
) -> int:
    """Create (``address_id`` None; ``address`` and ``queue_id`` needed) or change a system address.

    The address is unique regardless of case; a queue without a sending address gets this one,
    and a queue the address leaves no longer sends from it.
    """
    require_admin(caller)
    if unknown := set(changes) - set(FIELDS):
        raise Invalid(f"unknown fields {sorted(unknown)}")
    before = None
    if address_id is not None:
        before = await uow.admin.address(address_id)
        if before is None:
            raise NotFound(f"no system address {address_id}")
    elif "address" not in changes or "queue_id" not in changes:
        raise Invalid("a new system address needs an address and a queue")
    if "address" in changes:
        if await uow.admin.address_taken(changes["address"], address_id):
            raise AlreadyExists(f"address {changes['address']!r} is taken")
        if (login := await uow.admin.agent_with_email(changes["address"])) is not None:
            raise Invalid(
                f"{changes['address']!r} is the own address of agent {login!r}: "
                "a notification to the agent would come back in as a new ticket"
            )
    if "queue_id" in changes and (await uow.directory.queue(changes["queue_id"])) is None:
        raise Invalid(f"no queue {changes['queue_id']}")
    if before is None:
        address_id = await uow.admin.add_address(changes)
    elif changes:
        await uow.admin.update_address(address_id, changes)
    if before is not None and changes.get("queue_id", before.queue_id) != before.queue_id:
        await uow.admin.stop_sending_from(address_id)
    if "queue_id" in changes:
        await uow.admin.send_from_if_none(changes["queue_id"], address_id)
    subject = changes.get("address") or before.address  # type: ignore[union-attr]
    await _audit(uow, caller, "system_address." + ("create" if before is None else "update"), subject, changes)
    await announce(uow)
    return address_id


async def refuse_system_address_for_agent(uow: TicketsUnitOfWork, email: str) -> None:
    """An agent's own address must not be a system address: mail to the agent would come back in as a ticket."""
    if await uow.admin.address_taken(email, None):
        raise Invalid(
            f"{email!r} is a system address: a notification to the agent would come back in as a new ticket; "
            "give the agent a personal address"
        )


async def create(uow: TicketsUnitOfWork, caller: Caller, fields: dict[str, Any]) -> int:
    async with uow:
        address_id = await save_system_address(uow, caller, None, fields)
        await uow.commit()
        return address_id


async def change(uow: TicketsUnitOfWork, caller: Caller, address_id: int, changes: dict[str, Any]) -> None:
    async with uow:
        await save_system_address(uow, caller, address_id, changes)
        await uow.commit()


async def announce(uow: TicketsUnitOfWork) -> None:
    """Emit the complete list as this transaction sees it; written to the outbox by ``uow.commit()``."""
    addresses = await uow.directory.system_addresses()
    payload = SystemAddressesChangedV1(addresses=addresses, as_of=datetime.now(UTC))
    uow.emit(new_event(payload, source=SOURCE, key=KEY))


async def announce_at_start(uow: TicketsUnitOfWork) -> None:
    """The start hook of the service: one snapshot, whatever happened before."""
    async with uow:
        await announce(uow)
        await uow.commit()
    log.info("announced the system addresses")
