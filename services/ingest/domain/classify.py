"""Is this mail automatic, a bounce, or from a list? (RFC 3834, RFC 3464, RFC 2919)

Ingest only reports these flags; notify uses them never to answer a machine.
"""

from __future__ import annotations

from collections.abc import Callable

HeaderLookup = Callable[[str], list[str]]
"""All values of a header, decoded, by case-insensitive name."""


def _first_token(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def is_auto_submitted(headers: HeaderLookup) -> bool:
    """Auto-Submitted other than 'no', X-Autoreply, X-Autorespond, or Precedence: auto_reply."""
    if any(_first_token(value) not in ("", "no") for value in headers("Auto-Submitted")):
        return True
    if headers("X-Autoreply") or headers("X-Autorespond"):
        return True
    return any(_first_token(value) == "auto_reply" for value in headers("Precedence"))


def is_bounce(headers: HeaderLookup, envelope_from: str | None, sender: str | None, content_type: str) -> bool:
    """The null sender, a delivery-status report, or mail from MAILER-DAEMON."""
    if envelope_from == "":
        return True
    if content_type == "multipart/report" and any(
        "delivery-status" in value.lower() for value in headers("Content-Type")
    ):
        return True
    local_part = (sender or "").split("@", 1)[0].lower()
    return local_part == "mailer-daemon"


def is_list(headers: HeaderLookup) -> bool:
    """List-Id, or Precedence: bulk, junk or list."""
    if headers("List-Id"):
        return True
    return any(_first_token(value) in ("bulk", "junk", "list") for value in headers("Precedence"))
