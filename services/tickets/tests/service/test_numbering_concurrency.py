"""Two replicas (two engines) creating tickets at the same time never share a number."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from services.tickets.tests.service.conftest import mail, units
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.app.intake import Intake
from services.tickets.ticketing.domain.numbering import DateChecksum
from shared.contracts import parse
from shared.db import Database


async def test_concurrent_creation_on_two_engines_gives_unique_consecutive_numbers(database, pg_url):
    other = Database(pg_url)
    try:
        replicas = [Intake(units(db), DateChecksum(10), "Ticket#") for db in (database, other)]
        events = [mail(message_id=f"<m{i}@example.org>", subject=f"Anfrage {i}") for i in range(40)]
        await asyncio.gather(*(replicas[i % 2](parse(event), event) for i, event in enumerate(events)))
    finally:
        await other.dispose()
    async with database.sessions() as session:
        numbers = list((await session.execute(select(ticket_tables.tickets.c.number))).scalars())
    assert len(numbers) == 40 == len(set(numbers))
    assert sorted(int(n[10:15]) for n in numbers) == list(range(1, 41))
