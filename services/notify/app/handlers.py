"""Event handlers: turn a ticket event's mail into a queued (or suppressed) log entry.

Nothing is sent here. The entry is committed together with the inbox claim, and
the background :mod:`sender <services.notify.app.sender>` delivers it; a crash
therefore never loses a mail, it only delays it.

A suppressed auto-reply is logged with status ``suppressed`` and the reason in
``last_error``, and emits no event: nothing was attempted, so there is no
delivery for the ticket to report. A mail that cannot even be built (an address
that does not parse) is logged ``failed`` and reported with a final
``notify.mail.failed`` at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from services.notify.app import events
from services.notify.app.entries import entry_for
from services.notify.app.unit_of_work import NotifyUnitOfWork
from services.notify.domain.model import MailStatus
from services.notify.domain.requests import (
    MailRequest,
    account_requests,
    article_requests,
    created_requests,
    reminder_requests,
)
from services.notify.settings import NotifySettings
from shared.contracts.tickets import (
    ArticleAddedV1,
    MailRequestedV1,
    PendingReminderReachedV1,
    TicketCreatedV1,
)
from shared.envelope import Envelope

CONSUMER = "notify"

UnitOfWorkFactory = Callable[[], NotifyUnitOfWork]
Wake = Callable[[], None]
"""Tells the sender a mail was queued, so it leaves without waiting for the next poll."""


async def on_ticket_created(
    event: TicketCreatedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory, settings: NotifySettings, wake: Wake
) -> None:
    await queue_mails(envelope, created_requests(event), uow_factory=uow_factory, settings=settings, wake=wake)


async def on_article_added(
    event: ArticleAddedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory, settings: NotifySettings, wake: Wake
) -> None:
    await queue_mails(envelope, article_requests(event), uow_factory=uow_factory, settings=settings, wake=wake)


async def on_reminder_reached(
    event: PendingReminderReachedV1,
    envelope: Envelope,
    *,
    uow_factory: UnitOfWorkFactory,
    settings: NotifySettings,
    wake: Wake,
) -> None:
    requests = reminder_requests(event, envelope.id, settings.notification_from)
    await queue_mails(envelope, requests, uow_factory=uow_factory, settings=settings, wake=wake)


async def on_mail_requested(
    event: MailRequestedV1, envelope: Envelope, *, uow_factory: UnitOfWorkFactory, settings: NotifySettings, wake: Wake
) -> None:
    """A mail about an account (a password reset), no ticket."""
    await queue_mails(envelope, account_requests(event), uow_factory=uow_factory, settings=settings, wake=wake)


async def queue_mails(
    envelope: Envelope,
    requests: list[MailRequest],
    *,
    uow_factory: UnitOfWorkFactory,
    settings: NotifySettings,
    wake: Wake,
) -> None:
    """Claim the event and log each requested mail in one transaction."""
    async with uow_factory() as uow:
        if not await uow.claim(CONSUMER, envelope):
            return
        now = datetime.now(UTC)
        for request in requests:
            entry = await entry_for(uow, envelope, request, settings, now)
            await uow.mails.add(entry, now=now)
            if entry.status is MailStatus.FAILED:
                uow.emit(
                    events.mail_failed(
                        entry, transport="none", at=now, error=entry.last_error or "", final=True, attempts=0
                    )
                )
        await uow.commit()
    wake()
