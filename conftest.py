"""Fixtures for tests that talk to real servers.

PostgreSQL and RabbitMQ come from ``UMLAUF_TEST_DATABASE_URL`` /
``UMLAUF_TEST_AMQP_URL``, else from testcontainers when Docker answers, else the
local servers (see ``tests/servers.py``). When one is needed and cannot be reached
the run stops with a message that says what to start.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack

import pytest
from argon2 import PasswordHasher

from tests import servers
from tests.databases import fresh_database
from tests.templates import end_run, run_id

_containers = ExitStack()


def pytest_configure(config: pytest.Config) -> None:
    """Choose the servers once per run; xdist workers inherit the controller's environment.

    A parallel run (``-n``, as ``make test``) checks both servers at once, so a missing
    one is reported once, not as every worker going down.
    """
    if "PYTEST_XDIST_WORKER" in os.environ:
        return
    servers.provide(_containers)
    run_id()
    if config.getoption("numprocesses", None):
        servers.require_postgres()
        servers.require_rabbitmq()


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's prepared templates go when the run ends (the workers have ended by then)."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        return
    if servers.answers(servers.database_url(), 5432):
        end_run()
    _containers.close()


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """Argon2id at its smallest cost for the tests that run tickets in this process.

    Every demo load hashes a dozen passwords and every login verifies one; at the
    library's default cost (about 0.1–0.25 s each on two cores) that was a large part
    of the whole run. The hashes stay argon2id and are verified for real; only the
    work factor is lower. Services started as processes (the e2e tests) keep the default.
    """
    from services.tickets.identity.app import auth

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_hasher", cheap)
        patch.setattr(auth, "_DUMMY_HASH", cheap.hash("unknown login"))
        yield


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards.

    A service's ``tests/service/conftest.py`` overrides it with one at the service's
    head, cloned from a template (see ``tests/databases.py``).
    """
    async with fresh_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_db_url(request, tmp_path) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    async with fresh_database() as url:
        yield url


@pytest.fixture
def amqp_url() -> str:
    return servers.require_rabbitmq()


@pytest.fixture
def unique_name() -> Iterator[str]:
    """A name unique to this test (for exchanges, queues, databases)."""
    yield f"t{uuid.uuid4().hex[:10]}"
