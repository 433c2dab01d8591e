"""Events published by the ingest service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import Field

from shared.contracts import Contract, register
from shared.contracts.common import Attachment, Header


@register
class MessageReceivedV1(Contract):
    """An inbound message was stored raw and parsed.

    Ingest only reports what it read; the tickets service decides whether it is a
    new ticket, a follow-up or a reject.
    """

    TYPE: ClassVar[str] = "ingest.message.received"
    VERSION: ClassVar[int] = 1

    raw_message_id: uuid.UUID
    channel: str = Field(default="email", examples=["email"])
    received_at: datetime
    envelope_from: str | None = Field(
        default=None, description="SMTP MAIL FROM; an empty string is the null sender of a bounce."
    )
    envelope_to: list[str] = []
    from_address: str = ""
    from_name: str | None = None
    reply_to: list[str] = []
    to: list[str] = []
    cc: list[str] = []
    subject: str = ""
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = []
    date: datetime | None = None
    text_body: str = ""
    html_body: str | None = Field(default=None, description="Sanitized HTML (nh3).")
    attachments: list[Attachment] = []
    headers: list[Header] = Field(default=[], description="All headers, decoded, in order.")
    auto_submitted: bool = Field(default=False, description="Auto-Submitted other than 'no', or similar.")
    is_bounce: bool = False
    is_list: bool = Field(default=False, description="List-Id or Precedence: bulk/junk/list.")
    parse_problems: list[str] = Field(
        default=[], description="Defects met while parsing; when non-empty the raw message is attached."
    )
