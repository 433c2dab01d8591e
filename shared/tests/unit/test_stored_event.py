"""The outbox's stored form of an event, and the in-process bus reading it once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from shared.bus import InProcessBus, StoredEvent, Subscription, UnreadableEvent
from shared.envelope import Envelope

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def envelope() -> Envelope:
    return Envelope(
        type="ticket.moved", version=1, source="tickets", correlation_id=uuid.uuid4(), key="7", sequence=3, data={}
    )


def test_the_stored_form_carries_the_columns_the_relay_reads_without_parsing() -> None:
    event = envelope()
    stored = StoredEvent.of(event, NOW)
    assert (stored.event_id, stored.routing_key, stored.key, stored.created_at) == (event.id, "ticket.moved", "7", NOW)
    assert stored.payload == event.to_json() and stored.envelope() == event


async def test_the_in_process_bus_delivers_the_stored_event_and_refuses_an_unreadable_one() -> None:
    handled: list[Envelope] = []

    async def handle(event: Envelope) -> None:
        handled.append(event)

    bus = InProcessBus()
    await bus.start([Subscription("stats", {"ticket.*": handle})])
    event = envelope()
    await bus.publish_stored(StoredEvent.of(event, NOW))
    assert handled == [event]
    with pytest.raises(UnreadableEvent):
        await bus.publish_stored(StoredEvent(uuid.uuid4(), "ticket.moved", None, "{not json", NOW))
    assert handled == [event]
