"""Fixtures for the plumbing tests: toy services on a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.db import Database
from shared.rabbit_topology import Topology
from shared.settings import Settings
from shared.tests.rabbit_support import CONSUMERS, delete_topology
from shared.tests.toy import Toy


@pytest.fixture
async def toy(any_db_url: str) -> AsyncIterator[Toy]:
    """A toy service on SQLite and, in a second run, on PostgreSQL."""
    database = Database(any_db_url)
    service = Toy("toy", database)
    await service.create_tables()
    try:
        yield service
    finally:
        await database.dispose()


@pytest.fixture
async def rabbit_settings(amqp_url: str, unique_name: str) -> AsyncIterator[Settings]:
    """Settings whose exchange (and so every queue name) is unique to the test; all deleted afterwards."""
    settings = Settings(amqp_url=amqp_url, exchange=f"{unique_name}.events", max_deliveries=3)
    yield settings
    await delete_topology(amqp_url, Topology(settings.exchange, prefix=unique_name), CONSUMERS)
