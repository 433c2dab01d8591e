"""What ingest reads out of a raw message: plain, typed values, no I/O."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class RawStatus(StrEnum):
    """Where a stored raw message is in its life."""

    STORED = "stored"
    """Durably stored and answered with 250; not yet parsed and announced."""
    PARSED = "parsed"
    """Parsed (perhaps with problems) and announced as ``ingest.message.received``."""
    DUPLICATE = "duplicate"
    """The same message (Message-ID and content) was announced before; kept, not announced again."""
    IGNORED = "ignored"
    """A postmaster filter (or a trusted X-Umlauf-Ignore header) said ignore: kept, not announced."""
    QUARANTINED = "quarantined"
    """Too big or too deep to parse safely; announced with the raw message as its only attachment."""


@dataclass(frozen=True)
class Address:
    address: str
    name: str | None = None


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes
    content_id: str | None = None
    inline: bool = False


@dataclass(frozen=True)
class ParsedMessage:
    """A message as ingest understood it; ``problems`` lists what could not be read cleanly."""

    sender: Address | None = None
    reply_to: list[str] = field(default_factory=list)
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    date: datetime | None = None
    text_body: str = ""
    html_body: str | None = None
    attachments: list[ParsedAttachment] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    auto_submitted: bool = False
    is_bounce: bool = False
    is_list: bool = False
    problems: list[str] = field(default_factory=list)
    quarantined: bool = False
    """Not opened at all (too large, too deep, or it broke the parser): only the raw bytes are attached."""


@dataclass(frozen=True)
class RawMessage:
    """A stored raw message as the parse worker sees it."""

    id: uuid.UUID
    received_at: datetime
    source: str
    envelope_from: str | None
    envelope_to: list[str]
    raw: bytes
    attempts: int
    account_id: int | None = None
    """The mail account it was fetched from, if any."""
    trusted: bool = False
    """Its X-Umlauf-*/X-OTRS-* headers may be honoured (a trusted account, or a trusted SMTP intake)."""
    queue: str | None = None
    """The queue its account maps it to; None: the recipients decide."""
    import_state: str | None = None
    """``umlauf import --state``: the state the new ticket is to be in (tickets resolves the name)."""
