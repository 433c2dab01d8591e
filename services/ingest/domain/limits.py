"""Cheap checks on the raw bytes before the parser sees them.

The email package reads a message in memory and walks it recursively; a header
of many megabytes, thousands of MIME parts or nesting a thousand levels deep
cost time and memory out of proportion to what a person could have written.
Such a message is quarantined: announced with the raw bytes as its only
attachment, for a person to look at.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_CONTENT_TYPE = re.compile(rb"^content-type:", re.IGNORECASE | re.MULTILINE)
_BOUNDARY = re.compile(rb"boundary\s*=", re.IGNORECASE)
_ENCAPSULATED = re.compile(rb"^content-type:\s*message/", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Limits:
    max_header_bytes: int = 1024 * 1024
    max_parts: int = 1000
    max_multiparts: int = 100
    """Multipart containers (``boundary=`` declarations), the bound on nesting depth."""
    max_encapsulated: int = 50
    """``message/*`` parts, which nest without boundaries (forwards of forwards)."""


DEFAULT_LIMITS = Limits()


def header_section_size(raw: bytes) -> int:
    ends = [i for sep in (b"\r\n\r\n", b"\n\n") if (i := raw.find(sep)) >= 0]
    return min(ends) if ends else len(raw)


def too_complex(raw: bytes, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why the message should not be parsed, or None when it may be."""
    if header_section_size(raw) > limits.max_header_bytes:
        return f"header section larger than {limits.max_header_bytes} bytes"
    if _more_than(_BOUNDARY, raw, limits.max_multiparts):
        return f"more than {limits.max_multiparts} multipart containers (nesting too deep)"
    if _more_than(_ENCAPSULATED, raw, limits.max_encapsulated):
        return f"more than {limits.max_encapsulated} encapsulated messages (nesting too deep)"
    if _more_than(_CONTENT_TYPE, raw, limits.max_parts):
        return f"more than {limits.max_parts} MIME parts"
    return None


def _more_than(pattern: re.Pattern[bytes], raw: bytes, limit: int) -> bool:
    return sum(1 for _ in itertools.islice(pattern.finditer(raw), limit + 1)) > limit
