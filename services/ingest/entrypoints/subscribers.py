"""Bus adapters: the events ingest consumes."""

from __future__ import annotations

from collections.abc import Callable

from services.ingest.app.system_addresses import take_snapshot
from services.ingest.app.unit_of_work import IngestUnitOfWork
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.envelope import Envelope
from shared.handlers import EventHandlers


def make_handlers(uow_factory: Callable[[], IngestUnitOfWork]) -> EventHandlers:
    async def on_system_addresses(event: SystemAddressesChangedV1, envelope: Envelope) -> None:
        await take_snapshot(uow_factory(), event)

    return EventHandlers({SystemAddressesChangedV1: on_system_addresses})
