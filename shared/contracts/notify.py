"""Events published by the notify service about outgoing mail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import Field

from shared.contracts import Contract, register


class _MailOutcome(Contract):
    mail_id: uuid.UUID
    purpose: str = Field(examples=["auto_reply", "article", "notification"])
    ticket_id: int | None = None
    article_id: int | None = None
    message_id: str
    to: list[str]
    transport: str = Field(examples=["smtp", "file"])


@register
class MailSentV1(_MailOutcome):
    TYPE: ClassVar[str] = "notify.mail.sent"
    VERSION: ClassVar[int] = 1

    sent_at: datetime
    server_reply: str | None = None


@register
class MailFailedV1(_MailOutcome):
    TYPE: ClassVar[str] = "notify.mail.failed"
    VERSION: ClassVar[int] = 1

    failed_at: datetime
    error: str
    final: bool = Field(description="False while notify keeps retrying (deferred), True when it gave up.")
    attempts: int = 1
