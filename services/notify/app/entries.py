"""The log entry for one requested mail: built and queued, or closed as suppressed or failed.

A suppressed auto-reply is logged with status ``suppressed`` and the reason in
``last_error``; a mail that cannot be built (an address that does not parse) is
logged ``failed``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from services.notify.app.unit_of_work import NotifyUnitOfWork
from services.notify.domain import loop_protection, mime
from services.notify.domain.model import InvalidMail, Mail, MailStatus, SuppressReason
from services.notify.domain.requests import MailRequest
from services.notify.settings import NotifySettings
from shared.contracts.tickets import AutoReply
from shared.envelope import Envelope


async def entry_for(
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
        if not await uow.mails.reserve_auto_reply(address, day=now.date(), per_day=settings.auto_replies_per_day):
            return SuppressReason.RATE_LIMITED
    return None


def _closed(entry: Mail, status: MailStatus, reason: str) -> Mail:
    entry.status = status
    entry.last_error = reason
    entry.next_attempt_at = None
    return entry
