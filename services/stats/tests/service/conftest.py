"""A migrated stats service on a real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from services.stats.main import MIGRATIONS, build
from services.stats.settings import StatsSettings
from shared.migrations import upgrade
from shared.runtime import Service

SECRET = "test-secret"


@pytest.fixture
async def start_stats() -> AsyncIterator[Callable[[str], object]]:
    services: list[Service] = []

    async def start(url: str) -> Service:
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
        service = build(StatsSettings(stats_database_url=url, secret_key=SECRET))
        services.append(service)
        return service

    yield start
    for service in services:
        await service.database.dispose()
