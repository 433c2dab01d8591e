"""Small helpers shared by tests (import as ``tests.support``; run pytest as ``python -m pytest``)."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from tests import servers


def __getattr__(name: str) -> str:
    """``TEST_DATABASE_URL`` and ``TEST_AMQP_URL``, read when imported: the run may have
    started containers for them after this module was loaded (see ``tests/servers.py``)."""
    if name == "TEST_DATABASE_URL":
        return servers.database_url()
    if name == "TEST_AMQP_URL":
        return servers.amqp_url()
    raise AttributeError(name)


async def create_database(name: str) -> str:
    """Create a fresh PostgreSQL database; return its async URL."""
    admin = create_async_engine(servers.database_url(), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return database_url(name)


def database_url(name: str) -> str:
    """The async URL of database ``name`` on the test server."""
    return make_url(servers.database_url()).set(database=name).render_as_string(hide_password=False)


async def drop_database(name: str) -> None:
    admin = create_async_engine(servers.database_url(), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


_PORTS_FROM, _PORTS_PER_RUNNER = 20000, 1000
_next_ports = itertools.count()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, for a server a test starts.

    Taken below the kernel's ephemeral range (32768 and up), from a block of its own for
    each pytest-xdist worker: a port the kernel hands out for ``bind(0)`` or an outgoing
    connection, or one another worker picked, can be taken between this call and the
    server's bind (seen: a gateway started 14 s later found its port in use).
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    runner = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 10 + os.getpid() % 10
    block = _PORTS_FROM + (runner % 12) * _PORTS_PER_RUNNER
    for _ in range(_PORTS_PER_RUNNER):
        port = block + next(_next_ports) % _PORTS_PER_RUNNER
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {block}–{block + _PORTS_PER_RUNNER - 1}")


async def wait_until(predicate, within: float = 10.0, interval: float = 0.05):  # type: ignore[no-untyped-def]
    """Poll an async or sync predicate until it returns a truthy value."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(interval)
