"""The seam for a later ``umlauf stats rebuild``.

Stats keeps no copy of the events it counted, so rebuilding needs a replay
source: the ticket events again, from the tickets service (an export of its
history) or from an event archive. :func:`rebuild` clears the projection and the
stats inbox in one transaction, so that the replayed events, fed through the
service's ``handlers``, are counted afresh instead of being skipped as repeats.
Run it while the stats consumer is stopped; replay is not implemented yet.
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
