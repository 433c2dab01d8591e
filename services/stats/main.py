"""Composition of the stats service: ``build(settings)`` returns it unstarted."""

from __future__ import annotations

from pathlib import Path

from services.stats.adapters.orm import inbox
from services.stats.adapters.unit_of_work import SqlStatsUnitOfWork
from services.stats.bootstrap import bootstrap
from services.stats.entrypoints.http import create_app
from services.stats.rebuild import rebuild
from services.stats.settings import StatsSettings
from shared.db import Database
from shared.runtime import Service

NAME = "stats"
MIGRATIONS = Path(__file__).parent / "migrations"

__all__ = ["MIGRATIONS", "NAME", "build", "rebuild"]


def build(settings: StatsSettings) -> Service:
    database = Database(settings.database_url(NAME))

    def uow_factory() -> SqlStatsUnitOfWork:
        return SqlStatsUnitOfWork(database)

    return Service(
        name=NAME,
        app=create_app(database, settings.secret_key),
        database=database,
        outbox=None,  # emits no events
        inbox=inbox,
        migrations=MIGRATIONS,
        handlers=bootstrap(uow_factory),
    )
