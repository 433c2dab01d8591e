"""Password hashing at OWASP's argon2id minimum; older hashes still work and are replaced at login."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type

from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import Unauthenticated
from services.tickets.identity.app import auth
from services.tickets.identity.domain.secret_box import SecretBox
from services.tickets.tests.unit.fakes import FakeUnitOfWork

ROOT = Path(__file__).resolve().parents[4]
PASSWORD = "ein langes Passwort"
BOX = SecretBox("unit-test-secret")
# Other parameters than the current ones (as the library default was before), kept cheap for the test.
LEGACY = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=2)


def test_the_parameters_are_owasps_argon2id_minimum() -> None:
    p = auth.PASSWORD_HASHING
    assert (p.type, p.memory_cost, p.time_cost, p.parallelism) == (Type.ID, 19 * 1024, 2, 1)
    assert (p.salt_len, p.hash_len) == (16, 32)


def test_the_service_hashes_with_them_outside_the_tests() -> None:
    """The root conftest lowers the cost for the tests; a fresh interpreter shows the real hasher."""
    code = "from services.tickets.identity.app import auth; print(auth._hasher.hash('x'))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    assert out.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


async def _agent_with(uow: FakeUnitOfWork, password_hash: str) -> int:
    agent = uow.directory.add_agent("anna", {"users": [Permission.RW]})
    await uow.directory.set_password_hash(agent.id, password_hash)
    return agent.id


async def test_a_hash_with_old_parameters_still_logs_in_and_is_replaced(uow: FakeUnitOfWork) -> None:
    old = LEGACY.hash(PASSWORD)
    agent_id = await _agent_with(uow, old)

    await auth.login(uow, BOX, "anna", PASSWORD)

    new = uow.directory.agents[agent_id].password_hash
    assert new != old and not auth._hasher.check_needs_rehash(new)
    assert auth._hasher.verify(new, PASSWORD)
    await auth.login(uow, BOX, "anna", PASSWORD)  # the new hash works too
    assert uow.directory.agents[agent_id].password_hash == new  # and is not replaced again


async def test_a_current_hash_is_left_alone(uow: FakeUnitOfWork) -> None:
    current = await auth.hash_password(PASSWORD)
    agent_id = await _agent_with(uow, current)
    await auth.login(uow, BOX, "anna", PASSWORD)
    assert uow.directory.agents[agent_id].password_hash == current


async def test_a_wrong_password_does_not_rehash(uow: FakeUnitOfWork) -> None:
    old = LEGACY.hash(PASSWORD)
    agent_id = await _agent_with(uow, old)
    with pytest.raises(Unauthenticated):
        await auth.login(uow, BOX, "anna", "falsch")
    assert uow.directory.agents[agent_id].password_hash == old


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.directory.add_queue("Allgemein", address="info@neudorf.example")
    return uow
