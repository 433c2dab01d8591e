"""A message ingest will not open: announced with the raw bytes as its only content.

Only the first part of its header section is read (bounded), so that the event
still says who wrote it, about what, and whether it was automatic.
"""

from __future__ import annotations

import dataclasses

from services.ingest.domain.limits import DEFAULT_LIMITS, Limits, header_section_size, too_complex
from services.ingest.domain.model import ParsedAttachment, ParsedMessage
from services.ingest.domain.parsing import ORIGINAL_FILENAME, parse_message


def read_message(raw: bytes, envelope_from: str | None, limits: Limits = DEFAULT_LIMITS) -> ParsedMessage:
    """Parse the message, or quarantine it when it is too complex to parse safely."""
    reason = too_complex(raw, limits)
    if reason is None:
        try:
            return parse_message(raw, envelope_from)
        except Exception as exc:  # the parser's own bugs, or MemoryError: the mail must not be lost
            reason = f"the parser failed: {exc!r}"
    return quarantined(raw, reason, envelope_from)


GLIMPSE_BYTES = 64 * 1024


def quarantined(raw: bytes, reason: str, envelope_from: str | None) -> ParsedMessage:
    try:
        glimpse = parse_message(_head(raw), envelope_from)
    except Exception:
        glimpse = ParsedMessage(is_bounce=envelope_from == "")
    return dataclasses.replace(
        glimpse,
        text_body="",
        html_body=None,
        quarantined=True,
        problems=[f"quarantined: {reason}"],
        attachments=[ParsedAttachment(ORIGINAL_FILENAME, "message/rfc822", raw)],
    )


def _head(raw: bytes) -> bytes:
    """The header section, or its first lines up to GLIMPSE_BYTES, without any body."""
    head = raw[: min(header_section_size(raw), GLIMPSE_BYTES)]
    if len(head) == GLIMPSE_BYTES and b"\n" in head:
        head = head[: head.rfind(b"\n")]
    return head.rstrip(b"\r\n") + b"\r\n\r\n"
