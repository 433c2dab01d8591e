"""Builds the tickets service's full-text index after a bulk load, with the service's own migration.

The index (``search_docs``) is derived data that the service writes beside each
article, so COPY leaves it empty. The migration that introduced it fills it from
the tables, as it did for installations that existed before search: drop the
table, run that one migration again, and put the database back at head. The
tickets service has no "rebuild the index" operation of its own (yet); this is
the nearest thing that does not copy its SQL.
"""

from __future__ import annotations

import asyncpg
from alembic import command
from alembic.script import ScriptDirectory

from bench.tickets_load import asyncpg_dsn
from services.tickets.main import MIGRATIONS
from shared.migrations import alembic_config, upgrade

SEARCH_REVISION = "0003"
SEARCH_TABLE = "search_docs"


async def drop_index(url: str) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute(f"DROP TABLE {SEARCH_TABLE}")
    finally:
        await connection.close()


def rebuild(url: str) -> None:
    """Run the search migration again on the loaded data (blocking; after :func:`drop_index`)."""
    config = alembic_config(MIGRATIONS, url)
    before = ScriptDirectory.from_config(config).get_revision(SEARCH_REVISION).down_revision
    assert isinstance(before, str)
    command.stamp(config, before, purge=True)
    upgrade(MIGRATIONS, url, SEARCH_REVISION)
    command.stamp(config, "head", purge=True)
