"""Refusing unknown recipients at RCPT: the snapshot of tickets' system addresses, and the check.

Until the first snapshot arrives (a fresh install whose tickets service has not
announced yet) every recipient is accepted, so no mail is lost; that is logged once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from services.ingest.app.unit_of_work import IngestUnitOfWork, UnitOfWorkFactory
from services.ingest.domain.system_addresses import RecipientPolicy, normalize
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.envelope import Envelope

log = logging.getLogger(__name__)


async def on_system_addresses_changed(
    event: SystemAddressesChangedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory
) -> None:
    await take_snapshot(event, uow_factory())


async def take_snapshot(event: SystemAddressesChangedV1, uow: IngestUnitOfWork) -> bool:
    """Keep the snapshot unless a later one is kept already; True when kept.

    Idempotent by ``as_of`` (a redelivered or older snapshot changes nothing), so
    no inbox claim is needed.
    """
    async with uow:
        addresses = sorted({normalize(a) for a in event.addresses})
        kept = await uow.system_addresses.replace(addresses, event.as_of, datetime.now(UTC))
        await uow.commit()
    if kept:
        log.info("system addresses as of %s: %d", event.as_of.isoformat(), len(addresses))
    return kept


class RecipientCheck:
    """The intake's ``accept_recipient``: asks the stored snapshot at every RCPT.

    Read from the database each time rather than cached: with several replicas
    only one of them receives each snapshot event.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, return_paths: Iterable[str] = ()) -> None:
        self.uow_factory = uow_factory
        self.return_paths = tuple(return_paths)
        self._told_open = False

    async def __call__(self, recipient: str) -> bool:
        async with self.uow_factory() as uow:
            snapshot = await uow.system_addresses.snapshot()
        if snapshot is None:
            if not self._told_open:
                log.warning("no system addresses from tickets yet: accepting mail for every recipient")
                self._told_open = True
            return True
        return RecipientPolicy.of(snapshot.addresses, self.return_paths).accepts(recipient)
