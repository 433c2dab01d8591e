"""Fixtures for tests that talk to real servers.

PostgreSQL and RabbitMQ come from ``UMLAUF_TEST_DATABASE_URL`` /
``UMLAUF_TEST_AMQP_URL`` (default: the local servers). When one is needed and
cannot be reached the run stops with a message that says what to start.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlparse

import pytest
from argon2 import PasswordHasher

from tests.support import TEST_AMQP_URL, TEST_DATABASE_URL, create_database, drop_database


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url.replace("+asyncpg", ""))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), 2):
            return True
    except OSError:
        return False


def _require(url: str, port: int, what: str) -> None:
    if not _reachable(url, port):
        pytest.exit(
            f"{what} is not reachable at {url}. Start it (see README, 'Tests') or point "
            f"UMLAUF_TEST_{'DATABASE' if port == 5432 else 'AMQP'}_URL at one.",
            returncode=3,
        )


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
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    _require(TEST_DATABASE_URL, 5432, "PostgreSQL")
    name = f"umlauf_test_{uuid.uuid4().hex[:12]}"
    url = await create_database(name)
    try:
        yield url
    finally:
        await drop_database(name)


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_db_url(request, tmp_path) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """Runs the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    _require(TEST_DATABASE_URL, 5432, "PostgreSQL")
    name = f"umlauf_test_{uuid.uuid4().hex[:12]}"
    url = await create_database(name)
    try:
        yield url
    finally:
        await drop_database(name)


@pytest.fixture
def amqp_url() -> str:
    _require(TEST_AMQP_URL, 5672, "RabbitMQ")
    return TEST_AMQP_URL


@pytest.fixture
def unique_name() -> Iterator[str]:
    """A name unique to this test (for exchanges, queues, databases)."""
    yield f"t{uuid.uuid4().hex[:10]}"
