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

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from services.notify.app import events
from services.notify.app.unit_of_work import NotifyUnitOfWork
from services.notify.domain import loop_protection, mime
from services.notify.domain.model import InvalidMail, Mail, MailStatus, Purpose, SuppressReason
from services.notify.settings import NotifySettings
from shared.contracts.common import OutboundMail
from shared.contracts.tickets import AutoReply
from shared.envelope import Envelope

CONSUMER = "notify"


@dataclass(frozen=True)
class MailRequest:
    """A mail one event asks for (a ticket's, or an account's)."""

    mail: OutboundMail
    purpose: Purpose
    ticket_id: int | None  # None for a mail about an account
    queue_id: int | None
    article_id: int | None = None
    auto_reply: AutoReply | None = None


async def queue_mails(
    envelope: Envelope,
    requests: list[MailRequest],
    *,
    uow_factory: Callable[[], NotifyUnitOfWork],
    settings: NotifySettings,
    wake: Callable[[], None],
) -> None:
    """Claim the event and log each requested mail in one transaction."""
    async with uow_factory() as uow:
        if not await uow.claim(CONSUMER, envelope):
            return
        now = datetime.now(UTC)
        for request in requests:
            entry = await _entry(uow, envelope, request, settings, now)
            await uow.mails.add(entry, now=now)
            if entry.status is MailStatus.FAILED:
                uow.emit(
                    events.mail_failed(
                        entry, transport="none", at=now, error=entry.last_error or "", final=True, attempts=0
                    )
                )
        await uow.commit()
    wake()


async def _entry(
    uow: NotifyUnitOfWork, envelope: Envelope, request: MailRequest, settings: NotifySettings, now: datetime
) -> Mail:
    mail = request.mail
    entry = Mail(
        id=uuid.uuid4(),
        purpose=request.purpose,
        status=MailStatus.QUEUED,
        envelope_from=mail.from_address,
        recipients=[],
        to=list(mail.to),
        subject=mime.one_line(mail.subject),
        message_id=mail.message_id,
        source_event_id=envelope.id,
        correlation_id=envelope.correlation_id,
        created_at=now,
        ticket_id=request.ticket_id,
        article_id=request.article_id,
        queue_id=request.queue_id,
        next_attempt_at=now,
    )
    automatic = request.auto_reply is not None or mail.auto_submitted is not None
    if request.auto_reply is not None:
        reason = await _suppression(uow, request.auto_reply, settings, now)
        if reason is not None:
            return _closed(entry, MailStatus.SUPPRESSED, str(reason))
        if settings.auto_reply_null_sender:
            entry.envelope_from = ""
    try:
        entry.recipients = mime.envelope_recipients(mail)
        message = mime.build_message(mail, now=now, automatic=automatic, x_loop=settings.x_loop)
        entry.raw = bytes(message)
    except InvalidMail as exc:
        return _closed(entry, MailStatus.FAILED, f"invalid mail: {exc}")
    return entry


async def _suppression(
    uow: NotifyUnitOfWork, auto_reply: AutoReply, settings: NotifySettings, now: datetime
) -> SuppressReason | None:
    """Loop protection first, then the rate limit (only a reply that may go takes the slot)."""
    reason = loop_protection.inbound_reason(auto_reply.inbound, x_loop=settings.x_loop)
    if reason is not None:
        return reason
    own = [*settings.own_addresses, auto_reply.mail.from_address]
    recipients = [*auto_reply.mail.to, *auto_reply.mail.cc, *auto_reply.mail.bcc]
    if not recipients:
        return SuppressReason.NO_RECIPIENT
    for recipient in recipients:
        if (reason := loop_protection.recipient_reason(recipient, own)) is not None:
            return reason
    for recipient in recipients:
        address = loop_protection.normalize(recipient)
        if not await uow.mails.reserve_auto_reply(address, now=now, period_seconds=settings.auto_reply_period_seconds):
            return SuppressReason.RATE_LIMITED
    return None


def _closed(entry: Mail, status: MailStatus, reason: str) -> Mail:
    entry.status = status
    entry.last_error = reason
    entry.next_attempt_at = None
    return entry
