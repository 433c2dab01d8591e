"""The parse worker: turns stored raw messages into events, oldest first.

It wakes when a message was stored in this process and polls for messages
stored elsewhere (another replica, the pipe command, a crash before parsing).
A message whose parsing was started ``max_attempts`` times without finishing
(the process died on it) is quarantined instead of parsed again. The lease only
keeps replicas from doing the same work twice; correctness does not depend on
it, because a message is marked announced only if it was still unannounced.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from services.ingest.app.handlers import announce, claim_next
from services.ingest.app.unit_of_work import UnitOfWorkFactory
from services.ingest.domain.dedup import CopyAnnouncedMeanwhile
from services.ingest.domain.model import ParsedMessage, RawStatus
from services.ingest.domain.quarantine import quarantined
from services.ingest.domain.routing import NO_SPAM_CHECK, SpamPolicy
from shared.loops import run_loop

log = logging.getLogger(__name__)

Parse = Callable[[bytes, str | None], Awaitable[ParsedMessage]]


class ParseWorker:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        parse: Parse,
        *,
        lease: timedelta = timedelta(minutes=1),
        max_attempts: int = 3,
        poll_interval: float = 1.0,
        spam: SpamPolicy = NO_SPAM_CHECK,
    ) -> None:
        self.uow_factory = uow_factory
        self.parse = parse
        self.lease = lease
        self.max_attempts = max_attempts
        self.poll_interval = poll_interval
        self.spam = spam
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Work until cancelled."""
        await run_loop(self.run_once, name="parse worker", interval=self.poll_interval, wake=self._wake)

    async def run_once(self) -> bool:
        """Parse and announce one stored message; False when there was none."""
        message = await claim_next(self.lease, self.uow_factory())
        if message is None:
            return False
        if message.attempts > self.max_attempts:
            reason = f"parsing did not finish in {self.max_attempts} attempts"
            parsed, status = quarantined(message.raw, reason, message.envelope_from), RawStatus.QUARANTINED
        else:
            parsed = await self.parse(message.raw, message.envelope_from)
            status = RawStatus.QUARANTINED if parsed.quarantined else RawStatus.PARSED
        try:
            await announce(message, parsed, self.uow_factory(), status=status, spam=self.spam)
        except CopyAnnouncedMeanwhile:  # now it is a duplicate of that copy
            await announce(message, parsed, self.uow_factory(), status=status, spam=self.spam)
        return True
