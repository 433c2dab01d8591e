"""The migrations build exactly the tables the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from services.ingest.adapters.orm import metadata
from services.ingest.main import MIGRATIONS
from shared.migrations import upgrade


async def test_migrations_match_the_metadata(any_db_url: str) -> None:
    await asyncio.to_thread(upgrade, MIGRATIONS, any_db_url)
    engine = create_async_engine(any_db_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), metadata)
            )
    finally:
        await engine.dispose()
    assert differences == []
