"""The migrations build exactly the tables the code uses (no drift), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from services.tickets import main
from services.tickets.adapters.orm import metadata
from shared.migrations import upgrade


def _outside_metadata(change: tuple) -> bool:  # type: ignore[type-arg]
    """The search index is dialect-specific raw SQL (migration 0003; FTS5 adds shadow tables), and
    so are PostgreSQL's trigram indexes (migration 0011)."""
    kind, thing = change[0], change[1]
    if kind == "remove_index" and thing.name.endswith("_trgm"):
        return True
    table = thing if kind == "remove_table" else getattr(thing, "table", None)
    return kind in ("remove_table", "remove_index") and getattr(table, "name", "").startswith("search_")


def _diff(connection: Connection) -> list[tuple]:  # type: ignore[type-arg]
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [change for change in compare_metadata(context, metadata) if not _outside_metadata(change)]


async def test_migrated_schema_matches_the_metadata(any_db_url):
    await asyncio.to_thread(upgrade, main.MIGRATIONS, any_db_url)
    engine = create_async_engine(any_db_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(_diff)
    finally:
        await engine.dispose()
    assert diff == []
