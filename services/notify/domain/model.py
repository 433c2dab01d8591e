"""The words of the mail log: why a mail exists, where it stands, why it was held back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Purpose(StrEnum):
    AUTO_REPLY = "auto_reply"
    ARTICLE = "article"
    ACCOUNT = "account"  # about an account, not a ticket: a password reset
    NOTIFICATION = "notification"


class MailStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DEFERRED = "deferred"
    FAILED = "failed"
    SUPPRESSED = "suppressed"


class SuppressReason(StrEnum):
    """Why an auto-reply was not sent (RFC 3834 loop protection and the rate limit)."""

    AUTO_SUBMITTED = "auto_submitted"
    BOUNCE = "bounce"
    LIST = "list"
    X_LOOP = "x_loop"
    OWN_ADDRESS = "own_address"
    NO_RECIPIENT = "no_recipient"
    RATE_LIMITED = "rate_limited"


class InvalidMail(ValueError):
    """The mail cannot be built (an address that does not parse, CR/LF inside one)."""


@dataclass
class Mail:
    """One entry of the mail log, as the application sees it."""

    id: uuid.UUID
    purpose: Purpose
    status: MailStatus
    envelope_from: str
    recipients: list[str]
    to: list[str]
    subject: str
    message_id: str
    source_event_id: uuid.UUID
    correlation_id: uuid.UUID
    created_at: datetime
    ticket_id: int | None = None
    article_id: int | None = None
    queue_id: int | None = None
    raw: bytes | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
