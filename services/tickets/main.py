"""``build(settings)``: the tickets service, assembled but not started."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from services.tickets import tables
from services.tickets.bootstrap import bootstrap
from services.tickets.http import create_app
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.db import Database
from shared.runtime import Service
from shared.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: Settings, database: Database | None = None) -> Service:
    database = database or Database(settings.database_url("tickets"))
    unit_of_work = partial(TicketsUnitOfWork, database)
    wiring = bootstrap(settings, unit_of_work)
    return Service(
        name="tickets",
        app=create_app(database, settings, unit_of_work),
        database=database,
        outbox=tables.outbox,
        migrations=MIGRATIONS,
        handlers=wiring.handlers,
        background=(wiring.scheduler.run,),
        on_start=(wiring.announce_addresses,),
    )
