"""The template databases behind the service fixtures: built once, rebuilt on a changed
migration, never raced, and dropped when stale."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from services.stats.main import MIGRATIONS as STATS_MIGRATIONS
from tests import servers, templates
from tests.databases import fresh_database, migrate
from tests.templates import TEMPLATE_PREFIX, ensure_template, migrations_digest, template_name


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A copy of a real migration history, under a service name no other test uses."""
    location = tmp_path / f"toy{uuid.uuid4().hex[:8]}" / "migrations"
    shutil.copytree(STATS_MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    return location


@pytest.fixture
async def templates_of(history: Path) -> AsyncIterator[None]:
    yield
    for name in await _templates(history):
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _admin(statement: str) -> list[tuple]:  # type: ignore[type-arg]
    engine = create_async_engine(servers.require_postgres(), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            result = await conn.execute(text(statement))
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


async def _templates(history: Path) -> list[str]:
    prefix = f"{TEMPLATE_PREFIX}{history.parent.name}_"
    rows = await _admin(f"SELECT datname FROM pg_database WHERE datname LIKE '{prefix}%' ORDER BY datname")
    return [name for (name,) in rows]


async def _tables(url: str) -> set[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            return {name for (name,) in rows}
    finally:
        await engine.dispose()


def test_a_changed_migration_file_changes_the_template_name(history: Path) -> None:
    before = template_name(history)
    assert before == f"{TEMPLATE_PREFIX}{history.parent.name}_{migrations_digest(STATS_MIGRATIONS)}"
    version = next((history / "versions").glob("*.py"))
    version.write_text(version.read_text() + "\n# a changed migration\n")
    assert template_name(history) != before


async def test_parallel_first_uses_build_one_template_and_clones_are_migrated(history: Path, templates_of) -> None:
    names = await asyncio.gather(*(ensure_template(history) for _ in range(3)))
    assert set(names) == {template_name(history)}
    assert await _templates(history) == [template_name(history)]  # and no scratch copy left behind
    async with fresh_database(history) as url:
        assert {"alembic_version", "outbox", "inbox"} <= await _tables(url)


async def test_templates_unused_for_a_day_are_dropped_the_current_one_stays(history: Path, templates_of) -> None:
    start = datetime(2026, 12, 1, 8, tzinfo=UTC)
    old = await ensure_template(history, now=start)
    version = next((history / "versions").glob("*.py"))
    version.write_text(version.read_text() + "\n# the next migration\n")

    newer = await ensure_template(history, now=start + timedelta(hours=1))
    assert await _templates(history) == sorted([old, newer])  # a parallel run may still use the old one

    templates._built.discard(newer)  # as a later run would: it checks the template again
    await ensure_template(history, now=start + timedelta(days=2))
    assert await _templates(history) == [newer]


async def test_migrate_copies_a_new_sqlite_file_and_upgrades_an_existing_one(tmp_path: Path, history: Path) -> None:
    first, second = tmp_path / "a" / "first.db", tmp_path / "second.db"
    await migrate(history, f"sqlite+aiosqlite:///{first}")
    await migrate(history, f"sqlite+aiosqlite:///{second}")
    await migrate(history, f"sqlite+aiosqlite:///{second}")  # already at head: nothing to do
    for path in (first, second):
        engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        async with engine.connect() as conn:
            names = {n for (n,) in await conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        await engine.dispose()
        assert {"alembic_version", "outbox", "inbox"} <= names


async def test_a_prepared_template_is_filled_once_per_run_and_dropped_when_the_run_ends(
    history: Path, templates_of, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(templates.RUN_ENV, f"h{uuid.uuid4().hex[:7]}")  # a run of its own, ended below
    filled: list[str] = []

    async def prepare(url: str) -> None:
        filled.append(url)
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE prepared (id int)"))
        await engine.dispose()

    for _ in range(2):
        async with fresh_database(history, ("toy", prepare)) as url:
            assert {"prepared", "outbox"} <= await _tables(url)
    assert len(filled) == 1
    run_templates = f"SELECT datname FROM pg_database WHERE datname LIKE '{templates.RUN_PREFIX}{templates.run_id()}%'"
    assert len(await _admin(run_templates)) == 1

    await asyncio.to_thread(templates.end_run)
    assert await _admin(run_templates) == []
