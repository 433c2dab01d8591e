"""Event handlers registered by contract type, the one registration style of every service.

A service's bootstrap maps each contract class it consumes to a handler that takes
the parsed, typed event and its envelope (the envelope carries the id the inbox
claims, the correlation and the per-ticket sequence)::

    handlers = EventHandlers({
        TicketCreatedV1: partial(on_ticket_created, uow_factory=uow_factory),
        ArticleAddedV1: partial(on_article_added, uow_factory=uow_factory),
    })

The bus sees routing keys (``contract.TYPE``) and envelopes; :meth:`EventHandlers.routes`
turns the mapping into that shape. Dispatch is by the envelope's type and version
to the contract class a handler names, so a handler never re-checks the type it
was given, and a version that no handler names fails (and is dead-lettered)
instead of reaching a handler written for another version.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from shared.bus import EventHandler
from shared.contracts import Contract, UnknownEventVersion
from shared.envelope import Envelope

ContractHandler = Callable[[Any, Envelope], Awaitable[None]]
"""``async def handle(event: SomeContractV1, envelope: Envelope) -> None``."""


class EventHandlers:
    """The handlers of one consumer, keyed by the contract class each one takes."""

    def __init__(self, handlers: Mapping[type[Contract], ContractHandler] | None = None) -> None:
        self._handlers: dict[type[Contract], ContractHandler] = dict(handlers or {})
        self._by_version = {
            (event_type, contract.VERSION): contract for contract in self._handlers for event_type in contract.types()
        }

    def __bool__(self) -> bool:
        return bool(self._handlers)

    def routes(self) -> Mapping[str, EventHandler]:
        """Routing key → envelope handler, the shape :class:`shared.bus.Subscription` takes; a renamed
        contract is bound under its former names too, so events published before the rename arrive."""
        return {event_type: self.handle for contract in self._handlers for event_type in contract.types()}

    async def handle(self, envelope: Envelope) -> None:
        """Validate the envelope's data as the contract a handler names and run that handler."""
        contract = self._by_version.get((envelope.type, envelope.version))
        if contract is None:
            raise UnknownEventVersion(f"no handler for {envelope.type} v{envelope.version}")
        await self._handlers[contract](contract.model_validate(envelope.data), envelope)
