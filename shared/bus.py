"""The bus seen by services: subscriptions in, envelopes out.

Handlers are plain ``async def handle(envelope) -> None`` functions and are the
same whichever bus carries the events: :class:`InProcessBus` in the embedded
mode, :class:`shared.rabbit.RabbitBus` in the distributed mode.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pydantic import ValidationError

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

    def handler_for(self, event_type: str) -> EventHandler | None:
        """The handler registered for this type, exactly or by an AMQP topic pattern."""
        if (handler := self.handlers.get(event_type)) is not None:
            return handler
        for pattern, handler in self.handlers.items():
            if topic_matches(pattern, event_type):
                return handler
        return None

    async def dispatch(self, envelope: Envelope) -> None:
        """Run the handler for the envelope's type; types without one are ignored."""
        handler = self.handler_for(envelope.type)
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


@dataclass(frozen=True)
class StoredEvent:
    """An event as the outbox holds it: the serialized envelope and the columns the relay
    needs, so publishing never decodes and re-encodes the payload."""

    event_id: uuid.UUID
    routing_key: str
    key: str | None
    payload: str
    created_at: datetime

    @classmethod
    def of(cls, envelope: Envelope, created_at: datetime) -> StoredEvent:
        return cls(envelope.id, envelope.routing_key, envelope.key, envelope.to_json(), created_at)

    def envelope(self) -> Envelope:
        """The envelope itself (for the in-process bus, which calls handlers with it)."""
        try:
            return Envelope.from_json(self.payload)
        except ValidationError as exc:
            raise UnreadableEvent(f"outbox payload of {self.event_id} is not an envelope: {exc}") from exc


class DeliveryError(Exception):
    """A consumer's handler failed for this event (counts towards dead-lettering)."""


class UnreadableEvent(DeliveryError):
    """The stored payload is no envelope: retrying cannot help, the relay keeps it as dead at once."""


class Bus(Protocol):
    async def start(self, subscriptions: Sequence[Subscription]) -> None: ...

    async def publish(self, envelope: Envelope) -> None: ...

    async def publish_stored(self, event: StoredEvent) -> None:
        """Publish an outbox row as stored (the relay's path)."""
        ...

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
        self._running = False

    async def start(self, subscriptions: Sequence[Subscription]) -> None:
        self._subscriptions = list(subscriptions)
        self._running = True

    async def publish_stored(self, event: StoredEvent) -> None:
        """Parse once and deliver; an unreadable payload raises :class:`UnreadableEvent`."""
        await self.publish(event.envelope())

    async def publish(self, envelope: Envelope) -> None:
        failures: list[str] = []
        for subscription in self._subscriptions:
            if subscription.handler_for(envelope.routing_key) is None:
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
        self._running = False

    async def ready(self) -> dict[str, bool]:
        return {"bus": self._running}


def topic_matches(pattern: str, routing_key: str) -> bool:
    """RabbitMQ's topic rule, so both buses route alike: ``*`` is one word, ``#`` zero or more."""
    return _match_words(pattern.split("."), routing_key.split("."))


def _match_words(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match_words(rest, words[i:]) for i in range(len(words) + 1))
    return bool(words) and head in ("*", words[0]) and _match_words(rest, words[1:])
