"""Migrated test databases without running the migrations for every test.

Each service's migrations run once into a *template*: on PostgreSQL a database
named after the service and a digest of its migration files, on SQLite a file.
A test's database is then a copy (``CREATE DATABASE … TEMPLATE``, a file copy).
A changed migration changes the digest, so a new template is built; templates of
other digests that no run has used for a day are dropped. Building and dropping
happen under a PostgreSQL advisory lock per service, so parallel workers and
parallel runs neither race nor see a half-built template: it is built under a
scratch name and renamed when complete.

Tests of the migrations themselves keep calling ``shared.migrations.upgrade`` on
an empty database (the root ``pg_url``, ``any_db_url``).
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import shutil
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from shared.migrations import upgrade
from tests import servers
from tests.support import create_database, database_url, drop_database

TEST_DATABASE_PREFIX = "umlauf_test_"
TEMPLATE_PREFIX = "umlauf_tpl_"
STALE_AFTER = timedelta(days=1)
_STAMP = "umlauf test template, last used "

_built: set[str] = set()  # PostgreSQL templates this process has checked or built
_sqlite_templates: dict[str, Path] = {}
_scratch: Path | None = None
_drops: ThreadPoolExecutor | None = None


def migrations_digest(script_location: Path) -> str:
    """A digest of every file of a migration history (``env.py`` and ``versions/``)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in script_location.rglob("*.py") if "__pycache__" not in p.parts):
        digest.update(path.relative_to(script_location).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_name(script_location: Path) -> str:
    """``umlauf_tpl_<service>_<digest>``; the service is the folder that holds ``migrations/``."""
    return f"{TEMPLATE_PREFIX}{script_location.parent.name}_{migrations_digest(script_location)}"


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
async def fresh_database(script_location: Path | None = None) -> AsyncIterator[str]:
    """A new PostgreSQL database for one test, dropped afterwards; yields its URL.

    Empty without ``script_location``, else at that migration history's head (a clone
    of its template, so upgrading it again finds nothing to do).
    """
    servers.require_postgres()
    name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    if script_location is None:
        url = await create_database(name)
    else:
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{await ensure_template(script_location)}"')
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


async def ensure_template(script_location: Path, *, now: datetime | None = None) -> str:
    """The name of the service's PostgreSQL template, built first if no run has built it."""
    name = template_name(script_location)
    if name in _built:
        return name
    service = script_location.parent.name
    engine = create_async_engine(servers.database_url(), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), {"key": TEMPLATE_PREFIX + service})
            try:
                if not await _exists(conn, name):
                    await _build(conn, script_location, name)
                when = now or datetime.now(UTC)
                await conn.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{_STAMP}{when.isoformat()}'"))
                await drop_stale_templates(conn, service, keep=name, now=when)
            finally:
                await conn.execute(
                    text("SELECT pg_advisory_unlock(hashtext(:key))"), {"key": TEMPLATE_PREFIX + service}
                )
    finally:
        await engine.dispose()
    _built.add(name)
    return name


async def drop_stale_templates(conn: AsyncConnection, service: str, *, keep: str, now: datetime) -> list[str]:
    """Drop this service's other templates that no run has used for :data:`STALE_AFTER`; return their names.

    Call it holding the service's advisory lock. A template in use by a parallel run
    (one with other migrations) was stamped when that run started, so it stays.
    """
    rows = await conn.execute(
        text(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname LIKE :pattern AND datname <> :keep"
        ),
        {"pattern": f"{TEMPLATE_PREFIX}{service}\\_%", "keep": keep},
    )
    dropped = []
    for datname, comment in rows.all():
        last_used = _last_used(comment)
        if last_used is None or now - last_used > STALE_AFTER:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{datname}" WITH (FORCE)'))
            dropped.append(datname)
    return dropped


def _last_used(comment: str | None) -> datetime | None:
    if not comment or not comment.startswith(_STAMP):
        return None
    try:
        return datetime.fromisoformat(comment.removeprefix(_STAMP))
    except ValueError:
        return None


async def _exists(conn: AsyncConnection, name: str) -> bool:
    found = await conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
    return found.first() is not None


async def _build(conn: AsyncConnection, script_location: Path, name: str) -> None:
    """Migrate under a scratch name and rename when done: a template is never seen half-built."""
    scratch = f"{name}_build"
    await conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))  # left by a killed run
    await conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    await asyncio.to_thread(upgrade, script_location, database_url(scratch))
    await conn.execute(text(f'ALTER DATABASE "{scratch}" RENAME TO "{name}"'))


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
