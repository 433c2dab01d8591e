"""PostgreSQL ``LISTEN/NOTIFY`` as an extra wake-up for outbox relays in other processes.

A unit of work that wrote outbox rows sends ``NOTIFY`` in its transaction (delivered
on commit); every relay on that database listens and wakes at once instead of at its
next poll. Only a wake-up: notifications are lost while a listener is disconnected,
so relays always poll too. SQLite needs none of this (one process, in-process signal).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import Database

CHANNEL = "umlauf_outbox"

log = logging.getLogger(__name__)


async def notify(session: AsyncSession) -> None:
    """Queue a notification in the session's transaction (PostgreSQL only)."""
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


@contextlib.asynccontextmanager
async def listening(database: Database) -> AsyncIterator[None]:
    """While inside, a notification on this database wakes the relay; without one, polling only."""
    if database.is_sqlite:
        yield
        return
    try:
        connection = await database.engine.connect()
        driver = (await connection.get_raw_connection()).driver_connection
        await driver.add_listener(CHANNEL, _waker(database))
    except Exception:
        log.warning("cannot LISTEN for outbox wake-ups; relying on polling", exc_info=True)
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            await connection.close()


def _waker(database: Database):  # type: ignore[no-untyped-def]
    def wake(*_args: object) -> None:
        database.wake_relay()

    return wake
