"""Running the parser away from the event loop, so the SMTP intake keeps answering."""

from __future__ import annotations

import asyncio

from services.ingest.domain.model import ParsedMessage
from services.ingest.domain.parsing import parse_message


async def parse_in_thread(raw: bytes, envelope_from: str | None) -> ParsedMessage:
    return await asyncio.to_thread(parse_message, raw, envelope_from)
