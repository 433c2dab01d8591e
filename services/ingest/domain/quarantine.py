"""A message ingest will not open: announced with the raw bytes as its only content."""

from __future__ import annotations

from services.ingest.domain.model import ParsedAttachment, ParsedMessage
from services.ingest.domain.parsing import ORIGINAL_FILENAME


def quarantined(raw: bytes, reason: str, envelope_from: str | None) -> ParsedMessage:
    return ParsedMessage(
        quarantined=True,
        is_bounce=envelope_from == "",
        problems=[f"quarantined: {reason}"],
        attachments=[ParsedAttachment(ORIGINAL_FILENAME, "message/rfc822", raw)],
    )
