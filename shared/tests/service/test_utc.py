"""``UtcDateTime`` on SQLite and PostgreSQL: UTC stored, aware UTC read, naive refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from shared.db import Database
from shared.utc import NaiveDatetimeError, UtcDateTime

metadata = MetaData()
moments = Table("moments", metadata, Column("id", Integer, primary_key=True), Column("at", UtcDateTime()))
BERLIN_WINTER = timezone(timedelta(hours=1))


@pytest.fixture
async def database(any_db_url: str):  # type: ignore[no-untyped-def]
    database = Database(any_db_url)
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield database
    await database.dispose()


async def _store(database: Database, row_id: int, at: datetime | None) -> None:
    async with database.sessions() as session:
        await session.execute(insert(moments).values(id=row_id, at=at))
        await session.commit()


async def _read(database: Database, row_id: int) -> datetime | None:
    async with database.sessions() as session:
        return (await session.execute(select(moments.c.at).where(moments.c.id == row_id))).scalar_one()


async def test_an_aware_time_in_any_zone_comes_back_as_the_same_instant_in_utc(database: Database) -> None:
    await _store(database, 1, datetime(2026, 11, 28, 10, 30, 15, 123456, tzinfo=BERLIN_WINTER))

    read = await _read(database, 1)

    assert read == datetime(2026, 11, 28, 9, 30, 15, 123456, tzinfo=UTC)
    assert read is not None and read.tzinfo is UTC


async def test_times_compare_as_instants_in_queries(database: Database) -> None:
    await _store(database, 1, datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN_WINTER))  # 09:00 UTC
    await _store(database, 2, datetime(2026, 11, 28, 9, 30, tzinfo=UTC))

    async with database.sessions() as session:
        after = select(moments.c.id).where(moments.c.at > datetime(2026, 11, 28, 10, 15, tzinfo=BERLIN_WINTER))
        later = (await session.execute(after)).scalars().all()

    assert later == [2]


async def test_null_stays_null(database: Database) -> None:
    await _store(database, 1, None)

    assert await _read(database, 1) is None


async def test_a_naive_time_is_refused_with_a_clear_error(database: Database) -> None:
    with pytest.raises(StatementError) as refused:
        await _store(database, 1, datetime(2026, 11, 28, 10, 30))

    assert isinstance(refused.value.orig, NaiveDatetimeError)
    assert "naive datetime 2026-11-28T10:30:00" in str(refused.value)
    async with database.sessions() as session:
        assert (await session.execute(select(moments.c.id))).all() == []
