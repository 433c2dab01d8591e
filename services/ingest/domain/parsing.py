"""Raw bytes in, :class:`ParsedMessage` out — whatever the bytes are.

What cannot be read cleanly is listed in ``problems`` and the raw message is
then attached as ``original.eml``, so nothing a sender wrote is lost on the way
to a ticket. Call it through :func:`~services.ingest.domain.quarantine.read_message`,
which also catches the parser's own failures.
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime
from email import policy
from email.header import Header, decode_header
from email.headerregistry import AddressHeader, DateHeader
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from services.ingest.domain import classify
from services.ingest.domain.charsets import codec_for, decode_bytes, repair
from services.ingest.domain.html import html_to_text, sanitize_html
from services.ingest.domain.model import Address, ParsedAttachment, ParsedMessage
from services.ingest.domain.parts import collect_parts, describe_defects

ORIGINAL_FILENAME = "original.eml"
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


class _Headers:
    """The message's headers, each parsed once by the email policy, in order."""

    def __init__(self, message: EmailMessage, problems: list[str]) -> None:
        self.items: list[tuple[str, Any]] = []
        for name, raw in message.raw_items():
            raw = repair(raw)  # 8-bit bytes in a header: decode them before the policy replaces them
            if "=?" in raw:
                raw = _reencode_words(name, raw, problems)
            try:
                value: Any = _fetch(name, raw)
            except Exception as exc:
                problems.append(f"unreadable {name} header: {exc!r}")
                value = raw
            self.items.append((name, value))

    def objects(self, name: str) -> list[Any]:
        return [value for key, value in self.items if key.lower() == name.lower()]

    def values(self, name: str) -> list[str]:
        return [repair(str(value)).strip() for value in self.objects(name)]

    def first(self, name: str) -> str | None:
        values = self.values(name)
        return values[0] if values else None

    def decoded(self) -> list[tuple[str, str]]:
        return [(one_line(name), one_line(str(value))) for name, value in self.items]


def _fetch(name: str, raw: str) -> Any:
    value = policy.default.header_fetch_parse(name, raw)
    str(value)
    return value


def _reencode_words(name: str, raw: str, problems: list[str]) -> str:
    """Encoded words the policy would misread, re-encoded as UTF-8 by the email library.

    That is: unknown or lying charsets (``x-unknown``, ``iso-8859-1`` meaning
    windows-1252) and CR/LF or control characters hidden inside, which make the
    address parser refuse the whole header and cost the ticket its customer.
    """

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        try:
            ((data, label),) = decode_header(word)
        except Exception:
            return word
        if not isinstance(data, bytes):
            return word
        text, problem = decode_bytes(data, label)
        if problem:
            problems.append(f"{name} header: {problem}")
        if not text.isprintable():
            problems.append(f"{name} header: line breaks or control characters removed")
            text = one_line(text)
        elif not problem and _python_reads(label):
            return word
        return Header(text, "utf-8").encode(maxlinelen=10_000)

    return _ENCODED_WORD.sub(fix, raw)


def _python_reads(label: str | None) -> bool:
    """Whether the email package decodes this charset label as we would."""
    try:
        return codecs.lookup(label or "").name == codec_for(label)
    except LookupError:
        return False


def parse_message(raw: bytes, envelope_from: str | None = None) -> ParsedMessage:
    """Read a raw message; ``envelope_from`` is SMTP's MAIL FROM ('' for the null sender)."""
    problems: list[str] = []
    message = BytesParser(policy=policy.default).parsebytes(raw)
    headers = _Headers(message, problems)
    problems.extend(describe_defects(message))
    if not headers.items:
        problems.append("message has no headers")
    senders = _addresses(headers, "From", problems)
    sender = senders[0] if senders else None
    recipients = {name: [a.address for a in _addresses(headers, name, problems)] for name in ("Reply-To", "To", "Cc")}
    date = _date(headers, problems)
    parts = collect_parts(message)
    problems.extend(p for p in parts.problems if p not in problems)
    html = "\n".join(parts.htmls) if parts.htmls else None  # Apple Mail splits HTML around inline images
    attachments = list(parts.attachments)
    if problems:
        attachments.append(ParsedAttachment(ORIGINAL_FILENAME, "message/rfc822", raw))
    return ParsedMessage(
        sender=sender,
        reply_to=recipients["Reply-To"],
        to=recipients["To"],
        cc=recipients["Cc"],
        subject=one_line(headers.first("Subject") or ""),
        message_id=next(iter(message_ids(headers.first("Message-ID"))), None),
        in_reply_to=next(iter(message_ids(headers.first("In-Reply-To"))), None),
        references=message_ids(" ".join(headers.values("References"))),
        date=date,
        text_body="\n".join(parts.texts) if parts.texts else html_to_text(html or ""),
        html_body=sanitize_html(html) if html is not None else None,
        attachments=attachments,
        headers=headers.decoded(),
        auto_submitted=classify.is_auto_submitted(headers.values),
        is_bounce=classify.is_bounce(
            headers.values, envelope_from, sender.address if sender else None, message.get_content_type()
        ),
        is_list=classify.is_list(headers.values),
        problems=problems,
    )


def one_line(value: str) -> str:
    """Decoded header text as one line: an encoded CR/LF must never become a header of its own downstream."""
    return " ".join(repair(value).split())


def message_ids(value: str | None) -> list[str]:
    """Message-IDs in their canonical ``<…>`` form; a bare id gets its brackets."""
    if not value:
        return []
    found = _MESSAGE_ID.findall(value)
    if found:
        return found
    bare = value.strip()
    return [f"<{bare}>"] if bare and not any(ch.isspace() for ch in bare) else []


def _addresses(headers: _Headers, name: str, problems: list[str]) -> list[Address]:
    found: list[Address] = []
    for header in headers.objects(name):
        if not isinstance(header, AddressHeader):
            continue
        for address in header.addresses:
            spec = repair(address.addr_spec or "").strip()
            if ("@" in spec or spec.lower() == "mailer-daemon") and spec.isprintable() and " " not in spec:
                found.append(Address(spec, one_line(address.display_name) or None))
    if headers.objects(name) and not found:
        problems.append(f"no readable address in {name} header")
    return found


def _date(headers: _Headers, problems: list[str]) -> datetime | None:
    header = next(iter(headers.objects("Date")), None)
    if header is None:
        return None
    value = header.datetime if isinstance(header, DateHeader) else None
    if value is None:
        problems.append("unreadable Date header")
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
