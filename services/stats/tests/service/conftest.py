"""A migrated stats service on a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from services.stats.main import MIGRATIONS, build
from services.stats.settings import StatsSettings
from shared.runtime import Service
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
        service = build(StatsSettings(stats_database_url=url, secret_key=SECRET))
        services.append(service)
        return service

    yield start
    for service in services:
        await service.database.dispose()
