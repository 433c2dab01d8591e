"""``build(settings)``: the tickets service, assembled but not started."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from services.tickets import tables
from services.tickets.bootstrap import bootstrap
from services.tickets.http import create_app
from services.tickets.settings import TicketsSettings
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.db import Database
from shared.runtime import Service

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: TicketsSettings, database: Database | None = None) -> Service:
    database = database or Database(settings.database_url("tickets"))
    unit_of_work = partial(TicketsUnitOfWork, database)
    wiring = bootstrap(settings, unit_of_work)
    return Service(
        name="tickets",
        app=create_app(database, settings, unit_of_work),
        database=database,
        outbox=tables.outbox,
        inbox=tables.inbox,
        migrations=MIGRATIONS,
        handlers=wiring.handlers,
        background=(wiring.scheduler.run,),
        on_start=(wiring.announce_addresses,),
    )
