"""Sessions in a real database (SQLite and PostgreSQL), migrated by the gateway's Alembic history."""

import asyncio
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import func, select

from services.gateway.adapters.orm import sessions as sessions_table
from services.gateway.adapters.unit_of_work import SqlUnitOfWork
from services.gateway.app.bus import MessageBus
from services.gateway.app.commands import EndSession, PurgeExpiredSessions, ResumeSession, StartSession
from services.gateway.app.sessions import purge_forever
from services.gateway.bootstrap import bootstrap
from services.gateway.domain.sessions import Agent, SessionPolicy
from services.gateway.domain.throttle import ThrottlePolicy
from services.gateway.main import HERE
from shared.db import Database
from shared.migrations import upgrade
from tests.support import wait_until

AGENT = Agent(login="admin", name="Ada Admin", email="admin@neudorf.example", language="de", is_admin=True)
POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _bus(database: Database, clock: Clock) -> MessageBus:
    return bootstrap(lambda: SqlUnitOfWork(database), POLICY, ThrottlePolicy(), "test-secret", clock)


@pytest.fixture
async def store(any_db_url):
    await asyncio.to_thread(upgrade, HERE / "migrations", any_db_url)
    database = Database(any_db_url)
    clock = Clock()
    yield _bus(database, clock), clock, database
    await database.dispose()


async def _rows(database: Database) -> int:
    async with database.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(sessions_table))).scalar_one()


async def test_start_and_resume(store):
    sessions, _, database = store
    session_id, started = await sessions.handle(StartSession("tok-1", AGENT, None))
    resumed = await sessions.handle(ResumeSession(session_id))
    assert resumed == started
    assert resumed.tickets_token == "tok-1" and resumed.agent == AGENT
    assert await sessions.handle(ResumeSession("not-a-session")) is None
    async with database.engine.connect() as conn:
        keys = (await conn.execute(select(sessions_table.c.key))).scalars().all()
    assert session_id not in keys  # only the hash is stored


async def test_idle_session_is_gone_and_deleted(store):
    sessions, clock, database = store
    session_id, _ = await sessions.handle(StartSession("tok", AGENT, None))
    clock.now += timedelta(minutes=20)
    assert await sessions.handle(ResumeSession(session_id)) is not None  # touched: idle counts from here
    clock.now += timedelta(minutes=29)
    assert await sessions.handle(ResumeSession(session_id)) is not None
    clock.now += timedelta(minutes=30)
    assert await sessions.handle(ResumeSession(session_id)) is None
    assert await _rows(database) == 0


async def test_absolute_expiry_wins_over_activity(store):
    sessions, clock, _ = store
    session_id, _ = await sessions.handle(StartSession("tok", AGENT, clock.now + timedelta(hours=1)))
    for _ in range(5):
        clock.now += timedelta(minutes=11)
        assert await sessions.handle(ResumeSession(session_id)) is not None
    clock.now += timedelta(minutes=6)
    assert await sessions.handle(ResumeSession(session_id)) is None


async def test_end_and_purge(store):
    sessions, clock, database = store
    first_id, first = await sessions.handle(StartSession("a", AGENT, None))
    clock.now += timedelta(minutes=45)
    second_id, _ = await sessions.handle(StartSession("b", AGENT, None))
    await sessions.handle(EndSession(first.key))  # logout
    assert await sessions.handle(ResumeSession(first_id)) is None
    clock.now += timedelta(minutes=31)
    assert await sessions.handle(PurgeExpiredSessions()) == 1
    assert await _rows(database) == 0
    assert await sessions.handle(ResumeSession(second_id)) is None


async def test_the_purge_task_runs_on_and_survives_a_failing_round(tmp_path):
    """Before the table exists every round fails; once it does, expired sessions go."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'late.db'}"
    database = Database(url)
    clock = Clock()
    sessions = _bus(database, clock)
    task = asyncio.create_task(purge_forever(partial(sessions.handle, PurgeExpiredSessions()), every_seconds=0.05))
    try:
        await asyncio.sleep(0.2)
        assert not task.done()
        await asyncio.to_thread(upgrade, HERE / "migrations", url)
        await sessions.handle(StartSession("tok", AGENT, None))
        clock.now += timedelta(hours=9)

        async def none_left() -> bool:
            return await _rows(database) == 0

        await wait_until(none_left, within=5)
    finally:
        task.cancel()
        await database.dispose()
