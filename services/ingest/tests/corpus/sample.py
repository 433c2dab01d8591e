"""One corpus message and what must become of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    PARSED = "parsed"
    QUARANTINED = "quarantined"
    REFUSED = "refused"
    """Refused at SMTP (a recorded rejection: the sender's MTA bounces it)."""


@dataclass(frozen=True)
class Sample:
    name: str
    raw: bytes
    outcome: Outcome = Outcome.PARSED
    subject: str | None = None
    """The decoded subject the event must carry, when the sample knows it."""
    text: str | None = None
    """Text the event's text body must contain."""
    attachment_names: tuple[str, ...] = ()
    """File names the event's attachments must carry (in order), when the sample knows them."""
    flags: frozenset[str] = field(default_factory=frozenset)
    """Of auto_submitted, is_bounce, is_list: those the event must set."""


def crlf(text: str) -> bytes:
    """A message written with \\n, sent with CRLF as on the wire (UTF-8 for any non-ASCII)."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def headers(subject_line: str, message_id: str, *extra: str, sender: str = "Anna Beispiel <anna@example.org>") -> str:
    lines = [
        f"From: {sender}",
        "To: info@neudorf.example",
        f"Subject: {subject_line}",
        "Date: Sat, 28 Nov 2026 10:00:00 +0100",
        f"Message-ID: <{message_id}@corpus.example>",
        "MIME-Version: 1.0",
        *extra,
    ]
    return "\n".join(lines) + "\n"
