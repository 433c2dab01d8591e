"""Building the outgoing message with the standard library, never by hand.

Header injection is impossible by construction: free text (subject, display
names, file names) has every control character folded into a space before it
reaches a header, and addresses go through :class:`email.headerregistry.Address`,
which refuses CR/LF and anything that is not exactly one addr-spec.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage

from services.notify.domain.model import InvalidMail
from shared.contracts.common import Attachment, OutboundMail

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


def one_line(text: str) -> str:
    """Free text fit for a header: control characters (CR, LF, TAB, …) become one space."""
    return _CONTROL.sub(" ", text).strip()


def address(addr_spec: str, display_name: str | None = None) -> Address:
    """One mailbox; raises :class:`InvalidMail` for anything but a single clean address."""
    if _CONTROL.search(addr_spec):
        raise InvalidMail(f"control character in address {addr_spec!r}")
    try:
        return Address(display_name=one_line(display_name or ""), addr_spec=addr_spec.strip())
    except (ValueError, IndexError) as exc:
        raise InvalidMail(f"invalid address {addr_spec!r}: {exc}") from exc


def message_id_value(value: str) -> str:
    """A Message-ID as given by the event; only line breaks (which would inject headers) are refused."""
    if _CONTROL.search(value) or not value.strip():
        raise InvalidMail(f"invalid message id {value!r}")
    return value.strip()


def build_message(mail: OutboundMail, *, now: datetime, automatic: bool, x_loop: str) -> EmailMessage:
    """The MIME message for ``mail``; ``automatic`` adds the RFC 3834 headers."""
    message = EmailMessage(policy=policy.default)
    message["From"] = address(mail.from_address, mail.from_name)
    message["To"] = [address(a) for a in mail.to]
    if mail.cc:
        message["Cc"] = [address(a) for a in mail.cc]
    message["Subject"] = one_line(mail.subject)
    message["Date"] = now
    message["Message-ID"] = message_id_value(mail.message_id)
    if mail.in_reply_to:
        message["In-Reply-To"] = message_id_value(mail.in_reply_to)
    if mail.references:
        message["References"] = " ".join(message_id_value(r) for r in mail.references)
    if automatic:
        message["Auto-Submitted"] = one_line(mail.auto_submitted or "auto-replied")
        message["X-Loop"] = one_line(x_loop)
        message["X-Auto-Response-Suppress"] = "All"
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    for attachment in mail.attachments:
        _attach(message, attachment)
    return message


def envelope_recipients(mail: OutboundMail) -> list[str]:
    """Everyone the SMTP envelope carries, Bcc included (Bcc never appears in a header)."""
    return [address(a).addr_spec for a in [*mail.to, *mail.cc, *mail.bcc]]


def _attach(message: EmailMessage, attachment: Attachment) -> None:
    try:
        content = base64.b64decode(attachment.content_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidMail(f"attachment {attachment.filename!r} is not valid base64") from exc
    maintype, _, subtype = attachment.content_type.partition("/")
    if not maintype or not subtype or _CONTROL.search(attachment.content_type):
        maintype, subtype = "application", "octet-stream"
    headers = {}
    if attachment.content_id:
        headers["cid"] = message_id_value(attachment.content_id)
    message.add_attachment(
        content,
        maintype=maintype,
        subtype=subtype,
        filename=one_line(attachment.filename) or "attachment",
        disposition="inline" if attachment.inline else "attachment",
        **headers,
    )
