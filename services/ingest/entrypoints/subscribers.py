"""Bus adapters: the events ingest consumes."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from services.ingest.app.system_addresses import take_snapshot
from services.ingest.app.unit_of_work import IngestUnitOfWork
from shared.bus import EventHandler
from shared.contracts import parse
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.envelope import Envelope


def make_handlers(uow_factory: Callable[[], IngestUnitOfWork]) -> Mapping[str, EventHandler]:
    async def on_system_addresses(envelope: Envelope) -> None:
        event = parse(envelope)
        assert isinstance(event, SystemAddressesChangedV1)
        await take_snapshot(uow_factory(), event)

    return {SystemAddressesChangedV1.TYPE: on_system_addresses}
