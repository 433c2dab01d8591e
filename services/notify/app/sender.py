"""The background sender: delivers due mails of the log, one outcome per transaction.

Each round leases a batch in a short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so replicas share the work), sends outside any transaction, and
then commits the outcome together with its event. A crash between the relay's
``250`` and that commit leaves the lease to expire and the mail is sent again:
at least once, with a window of one SMTP conversation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from services.notify.app import events
from services.notify.app.transport import Transport
from services.notify.app.unit_of_work import NotifyUnitOfWork
from services.notify.domain.delivery import DeliveryFailed, RetryPolicy
from services.notify.domain.model import Mail, MailStatus
from services.notify.settings import NotifySettings
from shared.loops import run_loop

log = logging.getLogger(__name__)


class Sender:
    def __init__(
        self,
        uow_factory: Callable[[], NotifyUnitOfWork],
        transport: Transport,
        settings: NotifySettings,
    ) -> None:
        self.uow_factory = uow_factory
        self.transport = transport
        self.settings = settings
        self.policy = RetryPolicy(
            settings.retry_base_seconds, settings.retry_max_delay_seconds, settings.give_up_after_seconds
        )
        self.wake_up = asyncio.Event()

    def wake(self) -> None:
        """Called after a mail was queued, so it leaves without waiting for the next poll."""
        self.wake_up.set()

    async def run(self) -> None:
        await run_loop(
            self.send_due, name="mail sender", interval=self.settings.poll_interval_seconds, wake=self.wake_up
        )

    async def send_due(self) -> int:
        """Lease and attempt one batch of due mails; returns how many were attempted."""
        now = datetime.now(UTC)
        async with self.uow_factory() as uow:
            due = await uow.mails.take_due(
                now=now,
                lease_until=now + timedelta(seconds=self.settings.send_lease_seconds),
                limit=self.settings.batch_size,
            )
            await uow.commit()
        for mail in due:
            await self._attempt(mail)
        return len(due)

    async def _attempt(self, mail: Mail) -> None:
        assert mail.raw is not None, "only built mails are queued"
        attempts = mail.attempts + 1
        try:
            delivered = await self.transport.send(
                mail.raw, sender=mail.envelope_from, recipients=mail.recipients, mail_id=mail.id
            )
        except DeliveryFailed as failure:
            await self._failed(mail, attempts, failure)
            return
        now = datetime.now(UTC)
        async with self.uow_factory() as uow:
            await uow.mails.record(
                mail.id,
                now=now,
                status=str(MailStatus.SENT),
                attempts=attempts,
                sent_at=now,
                next_attempt_at=None,
                transport=delivered.transport,
                server_reply=delivered.reply[:4000],
            )
            uow.emit(events.mail_sent(mail, transport=delivered.transport, at=now, reply=delivered.reply))
            await uow.commit()

    async def _failed(self, mail: Mail, attempts: int, failure: DeliveryFailed) -> None:
        now = datetime.now(UTC)
        retry_at = self.policy.next_attempt(attempts=attempts, queued_at=mail.created_at, now=now)
        final = not failure.temporary or retry_at is None
        log.warning("mail %s attempt %d failed (%s): %s", mail.id, attempts, "final" if final else "retry", failure)
        async with self.uow_factory() as uow:
            await uow.mails.record(
                mail.id,
                now=now,
                status=str(MailStatus.FAILED if final else MailStatus.DEFERRED),
                attempts=attempts,
                next_attempt_at=None if final else retry_at,
                transport=self.transport.name,
                last_error=failure.reply[:4000],
            )
            uow.emit(
                events.mail_failed(
                    mail, transport=self.transport.name, at=now, error=failure.reply, final=final, attempts=attempts
                )
            )
            await uow.commit()
