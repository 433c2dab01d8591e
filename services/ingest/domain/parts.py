"""Walking the MIME tree: which parts are the body and which are attachments.

A ``text/plain`` or ``text/html`` part that is neither marked as an attachment
nor named is body; everything else is an attachment. ``message/*`` parts
(forwarded mail, delivery reports) are kept whole as attachments, never opened
into the body.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message

from services.ingest.domain.charsets import decode_bytes, repair
from services.ingest.domain.model import ParsedAttachment

MAX_DEPTH = 100
"""Deeper nesting than this is not walked (the raw message is attached instead)."""

# Serialize parts as they came, without refolding their headers.
FAITHFUL = policy.default.clone(refold_source="none")
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\u200e\u200f\u202a-\u202e\u2066-\u2069]+')
"""Path separators, controls, characters Windows refuses, and bidi overrides (``rechnung\u202egpj.exe``)."""


@dataclass
class Parts:
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def collect_parts(message: EmailMessage) -> Parts:
    parts = Parts()
    _walk(message, parts, depth=0)
    return parts


def describe_defects(part: Message) -> list[str]:
    return [f"{type(d).__name__}: {d}".rstrip(": ") for d in getattr(part, "defects", [])]


def _walk(part: Message, out: Parts, depth: int) -> None:
    out.problems.extend(describe_defects(part))
    if depth > MAX_DEPTH:
        out.problems.append(f"MIME nesting deeper than {MAX_DEPTH}; inner parts not read")
        return
    if part.get_content_maintype() == "message":
        out.attachments.append(_message_attachment(part, len(out.attachments) + 1))
    elif part.is_multipart():
        for child in part.get_payload():
            if isinstance(child, Message):
                _walk(child, out, depth + 1)
    elif _is_body(part):
        text, problem = decode_bytes(_payload(part), part.get_content_charset())
        if problem:
            out.problems.append(problem)
        text = text.replace("\r\n", "\n")
        (out.htmls if part.get_content_subtype() == "html" else out.texts).append(text)
    else:
        out.attachments.append(_leaf_attachment(part, len(out.attachments) + 1))


def _is_body(part: Message) -> bool:
    return (
        part.get_content_type() in ("text/plain", "text/html")
        and part.get_content_disposition() != "attachment"
        and not part.get_filename()
    )


def _payload(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _leaf_attachment(part: Message, number: int) -> ParsedAttachment:
    content_type = part.get_content_type()
    content_id = _content_id(part)
    disposition = part.get_content_disposition()
    return ParsedAttachment(
        filename=_filename(part.get_filename(), content_type, number),
        content_type=content_type,
        content=_payload(part),
        content_id=content_id,
        inline=disposition == "inline" or (disposition is None and content_id is not None),
    )


def _message_attachment(part: Message, number: int) -> ParsedAttachment:
    """A forwarded message or a report, serialized as it came."""
    payload = part.get_payload()
    blocks = payload if isinstance(payload, list) else []
    try:
        content = b"".join(block.as_bytes(policy=FAITHFUL) for block in blocks) or _payload(part)
    except Exception:  # a broken inner message: keep its transfer-decoded bytes
        content = _payload(part)
    name = part.get_filename()
    if name is None and part.get_content_type() in ("message/rfc822", "message/global") and blocks:
        subject = repair(str(blocks[0].get("Subject", "") or "")).strip()
        name = f"{subject[:80]}.eml" if subject else "forwarded-message.eml"
    return ParsedAttachment(
        filename=_filename(name, part.get_content_type(), number),
        content_type=part.get_content_type(),
        content=content,
        content_id=_content_id(part),
    )


def _content_id(part: Message) -> str | None:
    value = part.get("Content-ID")
    if not value:
        return None
    return repair(str(value)).strip().strip("<>").strip() or None


def _filename(name: str | None, content_type: str, number: int) -> str:
    """A decoded, path-free file name; invented from the type when the mail gives none."""
    cleaned = _UNSAFE_FILENAME.sub("_", repair(name or "")).strip(" ._") if name else ""
    if cleaned:
        return cleaned[:255]
    extension = {"message/rfc822": ".eml", "message/delivery-status": ".txt"}.get(content_type)
    extension = extension or mimetypes.guess_extension(content_type, strict=False)
    extension = extension or (".txt" if content_type.startswith("text/") else ".bin")
    return f"part-{number}{extension}"
