"""The envelope recipient of mail fetched from a mailbox, where no SMTP envelope exists.

The MTA that delivered it into the mailbox records the recipient in a header
(Postfix and Exim: ``Delivered-To``, Postfix: ``X-Original-To``, Exim:
``Envelope-To``). Only the topmost one is the mailbox server's own; lower ones
may have been written by anyone, so they are ignored.
"""

from __future__ import annotations

from email.utils import parseaddr

ENVELOPE_HEADERS = ("delivered-to", "x-original-to", "envelope-to", "x-envelope-to")


def delivered_to(headers: list[tuple[str, str]]) -> list[str]:
    for wanted in ENVELOPE_HEADERS:
        for name, value in headers:
            if name.lower() == wanted:
                address = parseaddr(value)[1]
                return [address] if "@" in address else []
    return []
