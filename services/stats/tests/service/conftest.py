"""A migrated stats service on a real database, and ticket events to feed it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest

from services.stats.main import MIGRATIONS, build
from shared.contracts import new_event
from shared.contracts.tickets import (
    ArticleAddedV1,
    FieldChange,
    TicketCreatedV1,
    TicketMovedV1,
    TicketSnapshot,
    TicketUpdatedV1,
)
from shared.envelope import Envelope
from shared.runtime import Service
from shared.settings import Settings
from tests.databases import fresh_database, migrate

SECRET = "test-secret"


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """Here a test's PostgreSQL database starts at the stats service's head: a clone of its migrated template."""
    async with fresh_database(MIGRATIONS) as url:
        yield url


@pytest.fixture
async def start_stats() -> AsyncIterator[Callable[[str], object]]:
    services: list[Service] = []

    async def start(url: str) -> Service:
        await migrate(MIGRATIONS, url)
        service = build(Settings(stats_database_url=url, secret_key=SECRET))
        services.append(service)
        return service

    yield start
    for service in services:
        await service.database.dispose()


def created(
    ticket_id: int, queue_id: int, queue: str, at: datetime, *, occurred_at: datetime | None = None
) -> Envelope:
    payload = TicketCreatedV1(
        ticket_id=ticket_id,
        ticket_version=1,
        number=f"{at:%Y%m%d}10{ticket_id:06d}",
        title="Anfrage",
        queue_id=queue_id,
        queue=queue,
        created_at=at,
    )
    envelope = new_event(payload, source="tickets", key=str(ticket_id), sequence=1)
    return envelope.model_copy(update={"occurred_at": occurred_at or at})


def article(ticket_id: int, queue_id: int, queue: str, at: datetime) -> Envelope:
    payload = ArticleAddedV1(
        ticket_id=ticket_id,
        ticket_version=2,
        number="2026112810000011",
        queue_id=queue_id,
        queue=queue,
        article_id=ticket_id * 10,
        sender_type="customer",
        channel="email",
        created_at=at,
    )
    return new_event(payload, source="tickets", key=str(ticket_id), sequence=2)


def utc(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def _snapshot(queue_id: int, queue: str, state: str, state_type: str) -> TicketSnapshot:
    return TicketSnapshot(
        queue_id=queue_id, queue=queue, state=state, state_type=state_type, priority=3, title="Anfrage"
    )


def state_changed(
    ticket_id: int, version: int, queue_id: int, queue: str, at: datetime, *, old: tuple[str, str], new: tuple[str, str]
) -> Envelope:
    """``ticket.updated`` for a state change from ``old`` to ``new`` (each ``(name, type)``)."""
    payload = TicketUpdatedV1(
        ticket_id=ticket_id,
        ticket_version=version,
        number=f"{at:%Y%m%d}10{ticket_id:06d}",
        history_type="StateUpdate",
        changes=[FieldChange(field="state", old=old[0], new=new[0])],
        ticket=_snapshot(queue_id, queue, *new),
        changed_at=at,
        changed_by="agent:vorstand",
        previous_state_type=old[1],
    )
    return new_event(payload, source="tickets", key=str(ticket_id), sequence=version)


def moved(ticket_id: int, version: int, source: tuple[int, str], target: tuple[int, str], at: datetime) -> Envelope:
    payload = TicketMovedV1(
        ticket_id=ticket_id,
        ticket_version=version,
        number=f"{at:%Y%m%d}10{ticket_id:06d}",
        from_queue_id=source[0],
        from_queue=source[1],
        ticket=_snapshot(*target, "open", "open"),
        changed_at=at,
        changed_by="agent:empfang",
    )
    return new_event(payload, source="tickets", key=str(ticket_id), sequence=version)
