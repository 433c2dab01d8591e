"""Time-driven transitions: pending auto close when due, the queue's unlock timeout, pending
reminders reached (:mod:`services.tickets.ticketing.app.reminders`) and automatic archiving
(:mod:`services.tickets.ticketing.app.archiving`, off unless ``archive_after_days`` > 0).

Runs in every replica; each pass claims due tickets with ``FOR UPDATE SKIP LOCKED``
(SQLite: one process, one writer) and changes them through the aggregate, so a
ticket is closed once, with history, however many replicas run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from services.tickets.ticketing.app import archiving, change_events, reminders
from services.tickets.ticketing.domain.states import AUTO_CLOSE_TARGET
from services.tickets.unit_of_work import UnitOfWorkFactory
from shared.loops import run_loop

log = logging.getLogger(__name__)
ACTOR_CLOSE, ACTOR_UNLOCK = "system:auto-close", "system:unlock-timeout"


@dataclass
class Scheduler:
    unit_of_work: UnitOfWorkFactory
    interval: float = 60.0
    batch: int = 100
    archive_after_days: int = 0

    async def run(self) -> None:
        """A pass every ``interval`` seconds; a failed pass is retried after the same pause."""
        await run_loop(self._pass, name="ticket scheduler", interval=self.interval, backoff=lambda _: self.interval)

    async def _pass(self) -> bool:
        await self.run_once()
        return False  # a batch left over waits for the next pass, as the pass's own work does

    async def run_once(self, now: datetime | None = None) -> int:
        """One pass; returns how many tickets changed."""
        now = now or datetime.now(UTC)
        changed = await self._auto_close(now) + await self._unlock_timeouts(now)
        changed += await archiving.archive_due(self.unit_of_work(), now, self.archive_after_days, self.batch)
        await reminders.announce_reached(self.unit_of_work(), now, self.batch)
        return changed

    async def _auto_close(self, now: datetime) -> int:
        async with self.unit_of_work() as uow:
            ids = await uow.tickets.due_auto_close(now, self.batch)
            for ticket_id in ids:
                ticket = await uow.tickets.get(ticket_id)
                assert ticket is not None
                target = await uow.tickets.state_by_name(AUTO_CLOSE_TARGET.get(ticket.state.name, "closed successful"))
                assert target is not None
                ticket.set_state(target, None, ACTOR_CLOSE, now)
                changed = change_events.pending(ticket)
                await uow.tickets.save(ticket)
                await change_events.announce(uow, ticket, changed, actor=ACTOR_CLOSE, at=now)
            await uow.commit()
        return len(ids)

    async def _unlock_timeouts(self, now: datetime) -> int:
        async with self.unit_of_work() as uow:
            changed = 0
            for queue_id, minutes in (await uow.directory.unlock_timeouts()).items():
                for ticket_id in await uow.tickets.due_unlock(queue_id, minutes, now, self.batch):
                    ticket = await uow.tickets.get(ticket_id)
                    assert ticket is not None
                    changed += ticket.unlock(ACTOR_UNLOCK, now)
                    entries = change_events.pending(ticket)
                    await uow.tickets.save(ticket)
                    await change_events.announce(uow, ticket, entries, actor=ACTOR_UNLOCK, at=now)
            await uow.commit()
        return changed
