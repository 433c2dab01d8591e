"""Small SQL helpers that differ between PostgreSQL and SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignore(session: AsyncSession, table: Table, index_elements: list[str]) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for the session's dialect (values added by the caller)."""
    module: Any = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing(index_elements=index_elements)


def upsert_increment(session: AsyncSession, table: Table, key_column: str, value_column: str, key: str) -> Any:
    """``INSERT (key, 1) ON CONFLICT DO UPDATE SET value = value + 1 RETURNING value``.

    One statement, atomic on both databases: the row stays locked until the
    transaction ends, so concurrent creators (two replicas) get distinct values.
    """
    module: Any = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    statement = module.insert(table).values({key_column: key, value_column: 1})
    return statement.on_conflict_do_update(
        index_elements=[key_column],
        set_={value_column: table.c[value_column] + 1},
    ).returning(table.c[value_column])
