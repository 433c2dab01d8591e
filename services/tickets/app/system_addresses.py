"""Tell other services which system addresses exist (ingest refuses mail to any other at RCPT).

Every change of system addresses, or of the validity of their queues, calls
:func:`announce` in its unit of work, so the snapshot leaves through the outbox
with the change or not at all. The service also announces once when it starts,
so a fresh ingest, or one that missed an event, learns the list.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from services.tickets.app.events import SOURCE
from services.tickets.app.unit_of_work import TicketsUnitOfWork
from shared.contracts import new_event
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.db import Database

log = logging.getLogger(__name__)

KEY = "system-addresses"


async def announce(uow: TicketsUnitOfWork) -> None:
    """Emit the complete list as this transaction sees it; written to the outbox by ``uow.commit()``."""
    addresses = await uow.directory.system_addresses()
    payload = SystemAddressesChangedV1(addresses=addresses, as_of=datetime.now(UTC))
    uow.emit(new_event(payload, source=SOURCE, key=KEY))


async def announce_at_start(database: Database) -> None:
    """The start hook of the service: one snapshot, whatever happened before."""
    async with TicketsUnitOfWork(database) as uow:
        await announce(uow)
        await uow.commit()
    log.info("announced the system addresses")
