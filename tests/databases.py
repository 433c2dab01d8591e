"""Migrated test databases without running the migrations for every test.

A PostgreSQL test database is a clone of its service's template (``tests/templates.py``),
a SQLite file a copy of a migrated one. Tests of the migrations themselves keep calling
``shared.migrations.upgrade`` on an empty database (the root ``pg_url``, ``any_db_url``).
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.migrations import upgrade
from tests import servers
from tests.support import create_database, database_url, drop_database
from tests.templates import Prepare, ensure_prepared, ensure_template, template_name

TEST_DATABASE_PREFIX = "umlauf_test_"

_sqlite_templates: dict[str, Path] = {}
_scratch: Path | None = None
_drops: ThreadPoolExecutor | None = None


async def migrate(script_location: Path, url: str) -> None:
    """Bring the database at ``url`` to head; a SQLite file that does not exist yet is a copy
    of a migrated one. (A PostgreSQL test database starts at head where the service's
    ``pg_url`` is a clone, so this upgrade finds nothing to do.)"""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        target = Path(parsed.database)
        if not target.exists():  # noqa: ASYNC240  (a stat of a local file)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(await _sqlite_template(script_location), target)
            return
    await asyncio.to_thread(upgrade, script_location, url)


@asynccontextmanager
async def fresh_database(
    script_location: Path | None = None, prepared: tuple[str, Prepare] | None = None
) -> AsyncIterator[str]:
    """A new PostgreSQL database for one test, dropped afterwards; yields its URL.

    Empty without ``script_location``, else at that migration history's head (a clone
    of its template, so upgrading it again finds nothing to do); with ``prepared``
    (a name and the function that fills it) a clone of :func:`ensure_prepared`'s.
    """
    servers.require_postgres()
    name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    if script_location is None:
        url = await create_database(name)
    else:
        template = await (ensure_prepared(script_location, *prepared) if prepared else ensure_template(script_location))
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = database_url(name)
    try:
        yield url
    finally:
        _drop_later(name)


def _drop_later(name: str) -> None:
    """Drop the database in a background thread: the next test need not wait for it.

    The thread works through its queue before the process exits.
    """
    global _drops
    if _drops is None:
        _drops = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-test-databases")
    _drops.submit(_drop, name).add_done_callback(_report)


def _drop(name: str) -> None:
    asyncio.run(drop_database(name))


def _report(done: Future[None]) -> None:
    if done.exception() is not None:
        print(f"could not drop a test database: {done.exception()!r}", file=sys.stderr)


async def _admin(*statements: str) -> None:
    engine = create_async_engine(servers.database_url(), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


def scratch_dir() -> Path:
    """A folder for this process's copies-to-be (migrated files, prepared databases), removed at exit."""
    global _scratch
    if _scratch is None:
        _scratch = Path(tempfile.mkdtemp(prefix="umlauf-templates-"))
        atexit.register(shutil.rmtree, _scratch, True)
    return _scratch


async def _sqlite_template(script_location: Path) -> Path:
    """A migrated SQLite file for this process, built on first use."""
    name = template_name(script_location)
    if name not in _sqlite_templates:
        path = scratch_dir() / f"{name}.db"
        await asyncio.to_thread(upgrade, script_location, f"sqlite+aiosqlite:///{path}")
        _sqlite_templates[name] = path
    return _sqlite_templates[name]
