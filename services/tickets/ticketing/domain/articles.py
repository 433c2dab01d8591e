"""Articles: what was written on a ticket, by whom, through which channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SenderType(StrEnum):
    AGENT = "agent"
    SYSTEM = "system"
    CUSTOMER = "customer"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    NOTE = "note"
    PORTAL = "portal"


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content_type: str
    content: bytes
    content_id: str | None = None
    inline: bool = False


@dataclass
class Article:
    sender_type: SenderType
    channel: Channel
    created_at: datetime
    created_by: str
    visible_for_customer: bool = True
    from_address: str | None = None
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    body_text: str = ""
    body_html: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    attachments: list[NewAttachment] = field(default_factory=list)
    delivery_status: str | None = None
    """For an outgoing mail: queued until notify reports (see :mod:`delivery`)."""
    id: int | None = None
    """Set by the repository when the article is written."""

    def __post_init__(self) -> None:
        # Mail may carry NUL characters; text columns (PostgreSQL) cannot store them.
        self.subject = without_nul(self.subject)
        self.body_text = without_nul(self.body_text)
        self.body_html = without_nul(self.body_html) if self.body_html is not None else None


def without_nul(text: str) -> str:
    return text.replace("\x00", "")
