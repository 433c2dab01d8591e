"""Migrated test databases without running the migrations for every test.

Each service's migrations run once into a *template*: on PostgreSQL a database
named after the service and a digest of its migration files, on SQLite a file.
A test's database is then a copy (``CREATE DATABASE … TEMPLATE``, a file copy).
A changed migration changes the digest, so a new template is built; templates of
other digests that no run has used for a day are dropped. Building and dropping
happen under a PostgreSQL advisory lock per service, so parallel workers and
parallel runs neither race nor see a half-built template: it is built under a
scratch name and renamed when complete.

A *prepared* template adds data that many tests load first (the tickets' Neudorf
demo): it lives for one run only, since the code that writes it may change between
runs, and the process that started the run drops it at the end.

Tests of the migrations themselves keep calling ``shared.migrations.upgrade`` on
an empty database (the root ``pg_url``, ``any_db_url``).
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
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
RUN_PREFIX = "umlauf_run_"
RUN_ENV = "UMLAUF_TEST_RUN"
STALE_AFTER = timedelta(days=1)
_STAMP = "umlauf test template, last used "

Prepare = Callable[[str], Awaitable[None]]

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


async def ensure_template(script_location: Path, *, now: datetime | None = None) -> str:
    """The name of the service's PostgreSQL template, built first if no run has built it."""
    name = template_name(script_location)
    if name in _built:
        return name
    service = script_location.parent.name

    async def migrated(url: str) -> None:
        await asyncio.to_thread(upgrade, script_location, url)

    async with _locked(TEMPLATE_PREFIX + service) as conn:
        if not await _exists(conn, name):
            await _build(conn, name, migrated)
        when = now or datetime.now(UTC)
        await _stamp(conn, name, when)
        await drop_templates(conn, f"{TEMPLATE_PREFIX}{service}\\_", keep=name, unused_since=when - STALE_AFTER)
    _built.add(name)
    return name


async def ensure_prepared(script_location: Path, variant: str, prepare: Prepare) -> str:
    """A template for this run only: the service's migrated template plus what ``prepare``
    writes into it (data that many tests load first, e.g. the Neudorf demo).

    It lives for one run because the code that writes it may change between runs;
    :func:`end_run` drops it.
    """
    name = f"{RUN_PREFIX}{run_id()}_{script_location.parent.name}_{variant}"
    if name in _built:
        return name
    base = await ensure_template(script_location)
    async with _locked(name) as conn:
        if not await _exists(conn, name):
            await _build(conn, name, prepare, template=base)
        await _stamp(conn, name, datetime.now(UTC))
    _built.add(name)
    return name


def run_id() -> str:
    """This run's id: chosen by the process that starts the run, inherited by xdist workers."""
    return os.environ.setdefault(RUN_ENV, uuid.uuid4().hex[:8])


def end_run(now: datetime | None = None) -> None:
    """Drop this run's prepared templates, and those of runs that were killed a day ago."""

    async def drop() -> None:
        async with _locked(RUN_PREFIX) as conn:
            await drop_templates(conn, f"{RUN_PREFIX}{run_id()}\\_")
            await drop_templates(conn, RUN_PREFIX, unused_since=(now or datetime.now(UTC)) - STALE_AFTER)

    asyncio.run(drop())


async def drop_templates(
    conn: AsyncConnection, prefix: str, *, keep: str = "", unused_since: datetime | None = None
) -> list[str]:
    """Drop the templates named ``prefix…`` (a LIKE pattern) but ``keep``; with ``unused_since``
    only those last used before it, and none still being built. Return their names.

    A template in use by a parallel run (one with other migrations) was stamped when that
    run started, so a sweep of stale ones leaves it.
    """
    rows = await conn.execute(
        text(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname LIKE :pattern AND datname <> :keep"
        ),
        {"pattern": f"{prefix}%", "keep": keep},
    )
    dropped = []
    for datname, comment in rows.all():
        if unused_since is not None:
            last_used = _last_used(comment)
            if datname.endswith("_build") or (last_used is not None and last_used >= unused_since):
                continue
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


@asynccontextmanager
async def _locked(key: str) -> AsyncIterator[AsyncConnection]:
    """An admin connection holding the advisory lock named ``key`` (all runs on the server share it)."""
    engine = create_async_engine(servers.database_url(), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), {"key": key})
            try:
                yield conn
            finally:
                await conn.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), {"key": key})
    finally:
        await engine.dispose()


async def _stamp(conn: AsyncConnection, name: str, when: datetime) -> None:
    await conn.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{_STAMP}{when.isoformat()}'"))


async def _exists(conn: AsyncConnection, name: str) -> bool:
    found = await conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
    return found.first() is not None


async def _build(conn: AsyncConnection, name: str, fill: Prepare, *, template: str | None = None) -> None:
    """Fill a scratch database and rename it when done: a template is never seen half-built."""
    scratch = f"{name}_build"
    await conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))  # left by a killed run
    await conn.execute(text(f'CREATE DATABASE "{scratch}"' + (f' TEMPLATE "{template}"' if template else "")))
    await fill(database_url(scratch))
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
