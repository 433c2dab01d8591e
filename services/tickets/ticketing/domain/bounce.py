"""Which of our mails a bounce (a DSN, RFC 3464) reports on, read from the bounce alone.

A DSN returns the original message or its headers (``message/rfc822``,
``text/rfc822-headers``); many MTAs also quote them in the text, and some set
``In-Reply-To``/``References``. Every Message-ID found is a candidate; tickets
looks them up among the Message-IDs it sent.
"""

from __future__ import annotations

import re
from email.parser import BytesHeaderParser
from email.policy import default

RETURNED_PARTS = ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global-headers")
_QUOTED = re.compile(r"^\s*Message-ID:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)


def returned_message_ids(
    parts: list[tuple[str, bytes]], text: str, in_reply_to: str | None, references: list[str]
) -> list[str]:
    """Message-IDs of the bounced mail, most specific first, without duplicates.

    ``parts`` are ``(content_type, content)`` of the bounce's attachments.
    """
    found: list[str] = []
    for content_type, content in parts:
        if content_type.lower() in RETURNED_PARTS:
            value = BytesHeaderParser(policy=default).parsebytes(content).get("Message-ID")
            if value:
                found.append(str(value).strip())
    found.extend(_QUOTED.findall(text))
    if in_reply_to:
        found.append(in_reply_to)
    found.extend(reversed(references))
    return list(dict.fromkeys(found))


def failure_detail(text: str, limit: int = 300) -> str:
    """A short reason for the delivery record: the DSN's ``Diagnostic-Code``, else its first lines."""
    match = re.search(r"^\s*Diagnostic-Code:\s*(.+)$", text, re.IGNORECASE | re.MULTILINE)
    detail = match.group(1) if match else " ".join(line.strip() for line in text.splitlines()[:3] if line.strip())
    return detail[:limit] or "bounced"
