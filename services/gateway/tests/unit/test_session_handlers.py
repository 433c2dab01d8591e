"""The session handlers through the gateway's own bootstrap, on a fake unit of work: no I/O."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from services.gateway.app.commands import Command, EndSession, PurgeExpiredSessions, ResumeSession, StartSession
from services.gateway.domain.sessions import Agent, SessionPolicy, session_key
from services.gateway.domain.throttle import ThrottlePolicy
from services.gateway.tests.unit.fakes import Clock, Store, fake_bus

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
AGENT = Agent(login="empfang", name="Erika Empfang", email="empfang@neudorf.example", language="de", is_admin=False)
POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8), touch_every=timedelta(minutes=1))


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    store, clock = Store(), Clock(START)
    return store, clock, fake_bus(store, clock, POLICY, ThrottlePolicy())


async def test_a_started_session_is_stored_by_the_hash_of_its_cookie_and_resumed(world) -> None:
    store, _, bus = world
    cookie, session = await bus.handle(StartSession("tickets-token", AGENT, None))
    assert list(store.sessions) == [session_key(cookie)] and cookie not in store.sessions
    assert session.expires_at == START + POLICY.absolute and session.kind == "agent"
    assert await bus.handle(ResumeSession(cookie)) == session
    assert await bus.handle(ResumeSession("no-such-cookie")) is None


async def test_a_session_never_outlives_its_tickets_token(world) -> None:
    _, clock, bus = world
    cookie, session = await bus.handle(StartSession("t", AGENT, START + timedelta(minutes=10), kind="customer"))
    assert session.expires_at == START + timedelta(minutes=10) and session.kind == "customer"
    clock.now = START + timedelta(minutes=10)
    assert await bus.handle(ResumeSession(cookie)) is None


async def test_reading_touches_at_most_once_a_minute_and_idle_counts_from_the_last_touch(world) -> None:
    store, clock, bus = world
    cookie, _ = await bus.handle(StartSession("t", AGENT, None))
    commits = store.commits
    clock.now = START + timedelta(seconds=30)
    assert await bus.handle(ResumeSession(cookie)) is not None
    assert store.commits == commits  # within the minute: nothing written
    clock.now = START + timedelta(minutes=20)
    touched = await bus.handle(ResumeSession(cookie))
    assert touched is not None and touched.last_seen_at == clock.now
    assert store.sessions[touched.key].last_seen_at == clock.now and store.commits == commits + 1
    clock.now = START + timedelta(minutes=49)
    assert await bus.handle(ResumeSession(cookie)) is not None
    clock.now += POLICY.idle
    assert await bus.handle(ResumeSession(cookie)) is None
    assert store.sessions == {}  # an expired session is deleted on sight


async def test_absolute_expiry_wins_over_activity(world) -> None:
    _, clock, bus = world
    cookie, _ = await bus.handle(StartSession("t", AGENT, None))
    while clock.now < START + POLICY.absolute - timedelta(minutes=20):
        clock.now += timedelta(minutes=20)
        assert await bus.handle(ResumeSession(cookie)) is not None
    clock.now = START + POLICY.absolute
    assert await bus.handle(ResumeSession(cookie)) is None


async def test_ending_a_session_removes_only_that_one(world) -> None:
    store, _, bus = world
    first, session = await bus.handle(StartSession("a", AGENT, None))
    second, _ = await bus.handle(StartSession("b", AGENT, None))
    await bus.handle(EndSession(session.key))
    assert await bus.handle(ResumeSession(first)) is None
    assert await bus.handle(ResumeSession(second)) is not None and len(store.sessions) == 1


async def test_the_purge_removes_idle_and_expired_sessions_and_counts_them(world) -> None:
    store, clock, bus = world
    await bus.handle(StartSession("idle", AGENT, None))
    await bus.handle(StartSession("short", AGENT, START + timedelta(minutes=40)))
    clock.now = START + timedelta(minutes=29)
    live, _ = await bus.handle(StartSession("live", AGENT, None))
    assert await bus.handle(PurgeExpiredSessions()) == 0
    clock.now = START + timedelta(minutes=40)
    assert await bus.handle(PurgeExpiredSessions()) == 2
    assert list(store.sessions) == [session_key(live)]


async def test_a_command_without_a_handler_is_refused_by_name() -> None:
    @dataclass(frozen=True)
    class Unknown(Command[None]):
        pass

    bus = fake_bus(Store(), Clock(START), POLICY, ThrottlePolicy())
    with pytest.raises(LookupError, match="Unknown"):
        await bus.handle(Unknown())
