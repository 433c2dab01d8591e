"""The bus seen by services: subscriptions in, envelopes out.

Handlers are plain ``async def handle(envelope) -> None`` functions and are the
same whichever bus carries the events: :class:`InProcessBus` in the embedded
mode, :class:`shared.rabbit.RabbitBus` in the distributed mode.
"""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from shared.envelope import Envelope
from shared.logging import correlation_id_var, event_id_var

EventHandler = Callable[[Envelope], Awaitable[None]]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subscription:
    """A consuming service: its name (= its queue) and a handler per event type."""

    consumer: str
    handlers: Mapping[str, EventHandler]

    @property
    def routing_keys(self) -> tuple[str, ...]:
        return tuple(sorted(self.handlers))

    async def dispatch(self, envelope: Envelope) -> None:
        """Run the handler for the envelope's type; types without one are ignored."""
        handler = self.handlers.get(envelope.type)
        if handler is None:
            log.debug("%s ignores %s", self.consumer, envelope.type)
            return
        event_token = event_id_var.set(str(envelope.id))
        correlation_token = correlation_id_var.set(str(envelope.correlation_id))
        try:
            await handler(envelope)
        finally:
            event_id_var.reset(event_token)
            correlation_id_var.reset(correlation_token)


class DeliveryError(Exception):
    """A consumer's handler failed for this event (counts towards dead-lettering)."""


class Bus(Protocol):
    async def start(self, subscriptions: Sequence[Subscription]) -> None: ...

    async def publish(self, envelope: Envelope) -> None: ...

    async def stop(self) -> None: ...

    async def ready(self) -> dict[str, bool]:
        """Readiness per check (connection, each consumer)."""
        ...


class InProcessBus:
    """Delivers each published event to every subscribed consumer, in this process.

    ``publish`` returns only when every consumer has handled the event, so an
    outbox row is marked published only after its effects are committed; a
    failing consumer makes ``publish`` raise :class:`DeliveryError` and the relay
    tries again later (consumers that succeeded skip the repeat via their inbox).
    """

    def __init__(self) -> None:
        self._subscriptions: list[Subscription] = []

    async def start(self, subscriptions: Sequence[Subscription]) -> None:
        self._subscriptions = list(subscriptions)

    async def publish(self, envelope: Envelope) -> None:
        failures: list[str] = []
        for subscription in self._subscriptions:
            if not _matches(envelope.routing_key, subscription.routing_keys):
                continue
            try:
                await subscription.dispatch(envelope)
            except Exception as exc:
                log.exception("consumer %s failed on %s", subscription.consumer, envelope.id)
                failures.append(f"{subscription.consumer}: {exc!r}")
        if failures:
            raise DeliveryError("; ".join(failures))

    async def stop(self) -> None:
        self._subscriptions = []

    async def ready(self) -> dict[str, bool]:
        return {"bus": True}


def _matches(routing_key: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(routing_key, p.replace("#", "*")) for p in patterns)
