"""The login throttle's handlers through the gateway's own bootstrap, on a fake unit of work: no I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from services.gateway.app.commands import CheckLoginThrottle, RecordFailedLogin
from services.gateway.domain.sessions import SessionPolicy
from services.gateway.domain.throttle import ThrottlePolicy
from services.gateway.tests.unit.fakes import Clock, Store, fake_bus

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
THROTTLE = ThrottlePolicy(limit=3, window=timedelta(minutes=15))
SESSIONS = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8))


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    store, clock = Store(), Clock(START)
    return store, clock, fake_bus(store, clock, SESSIONS, THROTTLE)


async def test_an_address_waits_after_the_limit_of_different_failures_and_others_do_not(world) -> None:
    _, clock, bus = world
    for minute, password in enumerate(("a", "b", "c")):
        clock.now = START + timedelta(minutes=minute)
        assert await bus.handle(CheckLoginThrottle("192.0.2.1")) is None
        await bus.handle(RecordFailedLogin("192.0.2.1", "admin", password))
    assert await bus.handle(CheckLoginThrottle("192.0.2.1")) == (15 - 2) * 60  # until the first leaves the window
    assert await bus.handle(CheckLoginThrottle("192.0.2.2")) is None
    clock.now = START + THROTTLE.window
    assert await bus.handle(CheckLoginThrottle("192.0.2.1")) is None


async def test_a_repeated_attempt_counts_once_and_no_password_is_kept(world) -> None:
    store, _, bus = world
    for _ in range(5):
        await bus.handle(RecordFailedLogin("192.0.2.1", "admin", "wrong-secret"))
    assert await bus.handle(CheckLoginThrottle("192.0.2.1")) is None
    assert len(store.failures) == 5 and not any("wrong-secret" in attempt for _, attempt, _ in store.failures)


async def test_failures_older_than_the_window_are_deleted_when_a_new_one_is_recorded(world) -> None:
    store, clock, bus = world
    await bus.handle(RecordFailedLogin("192.0.2.1", "admin", "old"))
    clock.now = START + THROTTLE.window + timedelta(seconds=1)
    await bus.handle(RecordFailedLogin("192.0.2.9", "admin", "new"))
    assert [client for client, _, _ in store.failures] == ["192.0.2.9"]


async def test_without_a_client_address_nothing_is_counted_or_read(world) -> None:
    store, _, bus = world
    await bus.handle(RecordFailedLogin(None, "admin", "x"))
    assert await bus.handle(CheckLoginThrottle(None)) is None
    assert store.failures == [] and store.commits == 0
