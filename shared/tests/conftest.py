"""Fixtures for the plumbing tests: toy services on a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.db import Database
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
