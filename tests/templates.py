"""PostgreSQL template databases: a service's migrations run once, tests clone the result.

A template is named after the service and a digest of its migration files, so a
changed migration builds a new one; templates of other digests that no run has used
for a day are dropped. A *prepared* template adds data that many tests load first
(the tickets' Neudorf demo): it lives for one run only, since the code that writes it
may change between runs, and the process that started the run drops it at the end.
Building and dropping happen under a PostgreSQL advisory lock, so parallel workers and
parallel runs neither race nor see a half-built template: it is filled under a scratch
name and renamed when complete.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from shared.migrations import upgrade
from tests import servers
from tests.support import database_url

TEMPLATE_PREFIX = "umlauf_tpl_"
RUN_PREFIX = "umlauf_run_"
RUN_ENV = "UMLAUF_TEST_RUN"
STALE_AFTER = timedelta(days=1)
_STAMP = "umlauf test template, last used "

Prepare = Callable[[str], Awaitable[None]]

_built: set[str] = set()  # templates this process has checked or built


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
