"""``umlauf dead-letters list | replay | drop [SERVICE …] [--event ID …]``.

Per service, two places hold what was given up: dead outbox rows (its database; events
whose in-process delivery failed ``max_deliveries`` times) and, on RabbitMQ, its
dead-letter queue (events its consumer failed on). ``replay`` makes them due again,
``drop`` deletes them for good; ``--event`` narrows either to the given event ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from aiormq.exceptions import ChannelNotFoundEntity

from shared import dead_letters
from shared.rabbit import RabbitBus
from shared.runtime import Service
from shared.settings import BusKind, Settings
from umlauf.compose import service_for_admin


async def dead_letters_command(
    settings: Settings, action: str, names: Sequence[str], event_ids: Sequence[uuid.UUID] | None
) -> None:
    for name in names:
        service = service_for_admin(settings, name)
        try:
            if service.outbox is not None:
                await _outbox(service, action, event_ids)
            if settings.bus is BusKind.RABBITMQ and service.handlers:
                await _queue(settings, name, action, event_ids)
        finally:
            await service.database.dispose()


async def _outbox(service: Service, action: str, event_ids: Sequence[uuid.UUID] | None) -> None:
    assert service.outbox is not None
    name, database, outbox = service.name, service.database, service.outbox
    if action == "list":
        rows = await dead_letters.list_dead(database, outbox)
        print(f"{name} outbox: {len(rows)} dead")
        for row in rows:
            error = (row.last_error or "").splitlines()[0][:120] if row.last_error else ""
            print(f"  {row.event_id}  {row.routing_key}  attempts={row.attempts}  dead since {row.dead_at}  {error}")
    elif action == "replay":
        print(f"{name} outbox: {await dead_letters.requeue_dead(database, outbox, event_ids)} due again")
    else:
        print(f"{name} outbox: {await dead_letters.drop_dead(database, outbox, event_ids)} dropped")


async def _queue(settings: Settings, name: str, action: str, event_ids: Sequence[uuid.UUID] | None) -> None:
    url, topology = settings.amqp_url, RabbitBus(settings).topology
    queue = topology.dead_letter_queue(name)
    try:
        if action == "list":
            letters = await dead_letters.list_dead_letter_queue(url, topology, name)
            print(f"{name} dead-letter queue {queue}: {len(letters)} messages")
            for letter in letters:
                print(f"  {letter.message_id}  {letter.type}  {letter.reason or ''}")
        elif action == "replay":
            moved = await dead_letters.requeue_dead_letter_queue(url, topology, name, event_ids=event_ids)
            print(f"{name} dead-letter queue {queue}: {moved} moved back")
        else:
            dropped = await dead_letters.drop_dead_letter_queue(url, topology, name, event_ids=event_ids)
            print(f"{name} dead-letter queue {queue}: {dropped} dropped")
    except ChannelNotFoundEntity:
        print(f"{name} dead-letter queue {queue}: not declared (run umlauf migrate)")
