"""Emptying the stats projection — half of a rebuild that does not exist yet.

Stats cannot be rebuilt today: nothing replays events into it. The replay source now
exists — tickets keeps every event it emitted in its ``event_log``, never pruned —
and the stats issue adds the replay and ``umlauf stats rebuild`` on top of this.
:func:`rebuild` clears the projection and the stats inbox in one transaction, so that
replayed events, fed through the service's ``handlers``, would be counted afresh
instead of being skipped as repeats; run it only while the stats consumer is stopped.
"""

from __future__ import annotations

from sqlalchemy import delete

from services.stats.adapters.orm import inbox, queue_day_counts, queue_names
from services.stats.app.handlers import CONSUMER
from shared.db import Database


async def rebuild(database: Database) -> None:
    """Empty the projection and forget which events were counted."""
    async with database.sessions() as session, session.begin():
        await session.execute(delete(queue_day_counts))
        await session.execute(delete(queue_names))
        await session.execute(delete(inbox).where(inbox.c.consumer == CONSUMER))
