"""The delivery events notify publishes about a mail of its log."""

from __future__ import annotations

from datetime import datetime

from services.notify.domain.model import Mail
from shared.contracts import new_event
from shared.contracts.notify import MailFailedV1, MailSentV1
from shared.envelope import Envelope

SOURCE = "notify"


def _common(mail: Mail, transport: str) -> dict[str, object]:
    return {
        "mail_id": mail.id,
        "purpose": str(mail.purpose),
        "ticket_id": mail.ticket_id,
        "article_id": mail.article_id,
        "message_id": mail.message_id,
        "to": mail.to,
        "transport": transport,
    }


def mail_sent(mail: Mail, *, transport: str, at: datetime, reply: str) -> Envelope:
    payload = MailSentV1(**_common(mail, transport), sent_at=at, server_reply=reply)
    return new_event(payload, source=SOURCE, correlation_id=mail.correlation_id, key=str(mail.id))


def mail_failed(mail: Mail, *, transport: str, at: datetime, error: str, final: bool, attempts: int) -> Envelope:
    payload = MailFailedV1(**_common(mail, transport), failed_at=at, error=error, final=final, attempts=attempts)
    return new_event(payload, source=SOURCE, correlation_id=mail.correlation_id, key=str(mail.id))
