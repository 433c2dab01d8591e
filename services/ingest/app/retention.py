"""Raw mail retention: a parsed mail's bytes are deleted ``raw_mail_retention_days`` after parsing.

By then tickets holds the article and its attachments, so the raw copy is only kept for
"show the original" and for recognising a copy of the same mail; a copy that arrives
later is taken as new. Quarantined mail is kept for an operator; mail not yet parsed is
work still to do. Run by :class:`shared.retention.Retention` with the outbox and inbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.ingest.app.unit_of_work import UnitOfWorkFactory
from shared.retention import Prune


def prune_raw_mail(unit_of_work: UnitOfWorkFactory, days: int) -> Prune:
    """A pruner for :class:`shared.retention.Retention`; ``days`` 0 keeps raw mail for ever."""

    async def prune(now: datetime, limit: int) -> int:
        if days <= 0:
            return 0
        async with unit_of_work() as uow:
            deleted = await uow.raw_messages.prune(now - timedelta(days=days), limit)
            await uow.commit()
        return deleted

    return prune
