"""Small SQL helpers that differ between PostgreSQL and SQLite."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


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


class plus_minutes(FunctionElement[datetime]):
    """``timestamp + minutes`` for a column of minutes; typed like the timestamp column.

    SQLite keeps times as ``YYYY-MM-DD HH:MM:SS.ffffff`` text in UTC, so the sum is written
    back in that form (to the millisecond) and compares with stored and bound times as text.
    """

    inherit_cache = True

    def __init__(self, timestamp: ColumnElement[datetime], minutes: ColumnElement[int]) -> None:
        super().__init__(timestamp, minutes)
        self.type = timestamp.type


@compiles(plus_minutes, "postgresql")
def _plus_minutes_pg(element: plus_minutes, compiler: SQLCompiler, **kw: Any) -> str:
    timestamp, minutes = (compiler.process(c, **kw) for c in element.clauses)
    return f"({timestamp} + make_interval(mins => {minutes}))"


@compiles(plus_minutes, "sqlite")
def _plus_minutes_sqlite(element: plus_minutes, compiler: SQLCompiler, **kw: Any) -> str:
    timestamp, minutes = (compiler.process(c, **kw) for c in element.clauses)
    return f"strftime('%Y-%m-%d %H:%M:%f', {timestamp}, '+' || {minutes} || ' minutes')"
