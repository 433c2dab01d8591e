"""PostgreSQL ``LISTEN/NOTIFY`` as an extra wake-up for outbox relays in other processes.

A unit of work that writes outbox rows queues ``NOTIFY`` with the insert itself (delivered
on commit); every relay on that database listens and wakes at once instead of at its
next poll. Only a wake-up: notifications are lost while a listener is disconnected,
so relays always poll too. SQLite needs none of this (one process, in-process signal).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy import Insert, func

from shared.db import Database

CHANNEL = "umlauf_outbox"

log = logging.getLogger(__name__)


def with_notify(statement: Insert) -> Insert:
    """The outbox insert that also queues the notification (PostgreSQL only), saving a round trip.

    ``pg_notify`` runs once per inserted row; PostgreSQL folds identical notifications
    of one transaction into one.
    """
    return statement.returning(func.pg_notify(CHANNEL, ""))


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
