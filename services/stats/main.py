"""Composition of the stats service: ``build(settings)`` returns it unstarted."""

from __future__ import annotations

from pathlib import Path

from services.stats.adapters.orm import inbox
from services.stats.app.unit_of_work import StatsUnitOfWork
from services.stats.entrypoints.http import create_app
from services.stats.entrypoints.subscribers import make_handlers
from services.stats.rebuild import rebuild
from shared.db import Database
from shared.runtime import Service
from shared.settings import Settings

NAME = "stats"
MIGRATIONS = Path(__file__).parent / "migrations"

__all__ = ["MIGRATIONS", "NAME", "build", "rebuild"]


def build(settings: Settings) -> Service:
    database = Database(settings.database_url(NAME))

    def uow_factory() -> StatsUnitOfWork:
        return StatsUnitOfWork(database)

    return Service(
        name=NAME,
        app=create_app(database, settings.secret_key),
        database=database,
        outbox=None,  # emits no events
        inbox=inbox,
        migrations=MIGRATIONS,
        handlers=make_handlers(uow_factory),
    )
