"""``main.build`` under the shared Runtime: the bus delivers to the handlers, the relay publishes."""

from __future__ import annotations

from sqlalchemy import select

from services.tickets import tables
from services.tickets.tests.service.conftest import mail
from shared.bus import InProcessBus, Subscription
from shared.db import Database
from shared.envelope import Envelope
from shared.runtime import Runtime
from tests.support import wait_until


async def test_a_mail_event_on_the_bus_comes_back_as_ticket_created(service, database):
    seen: list[Envelope] = []

    async def listener(envelope: Envelope) -> None:
        seen.append(envelope)

    bus = InProcessBus()
    runtime = Runtime([service], bus)
    await runtime.start()
    try:
        # The runtime subscribed tickets; add a listener for what tickets publishes.
        await bus.start(
            [Subscription("tickets", service.handlers.routes()), Subscription("probe", {"ticket.#": listener})]
        )
        await bus.publish(mail())
        await wait_until(lambda: any(e.type == "ticket.created" for e in seen), within=15)
        # The relay marks a row published once the bus has delivered it, just after the listener saw it.
        await wait_until(lambda: _all_published(database), within=15)
    finally:
        await runtime.stop()


async def _all_published(database: Database) -> bool:
    async with database.sessions() as session:
        published = (await session.execute(select(tables.outbox.c.published_at))).scalars().all()
    return bool(published) and all(published)
