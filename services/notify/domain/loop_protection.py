"""RFC 3834 loop protection: may an automatic answer go to this inbound mail at all?

The rate limit (a count of auto-responses per recipient and day) needs the mail log's
memory and lives in the repository; everything that can be decided from the
inbound mail alone is decided here, without I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.notify.domain.model import SuppressReason
from shared.contracts.tickets import InboundFlags

# Addresses that belong to mail software, not to a person (RFC 3834 section 2).
_MACHINE_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster"})


def local_part(address: str) -> str:
    return address.rpartition("@")[0].lower() if "@" in address else address.lower()


def normalize(address: str) -> str:
    return address.strip().lower()


def is_machine_address(address: str) -> bool:
    """MAILER-DAEMON, postmaster, list owners (``owner-…``) and list requests (``…-request``)."""
    local = local_part(normalize(address))
    return local in _MACHINE_LOCAL_PARTS or local.startswith("owner-") or local.endswith("-request")


def inbound_reason(flags: InboundFlags, *, x_loop: str) -> SuppressReason | None:
    """Why the inbound mail must get no auto-reply, or None when it may."""
    if flags.auto_submitted:
        return SuppressReason.AUTO_SUBMITTED
    envelope_from = flags.envelope_from
    if flags.is_bounce or (envelope_from is not None and (not envelope_from.strip() or envelope_from == "<>")):
        return SuppressReason.BOUNCE
    if envelope_from and is_machine_address(envelope_from.strip("<>")):
        return SuppressReason.BOUNCE
    if flags.is_list:
        return SuppressReason.LIST
    if any(value.strip().lower() == x_loop.strip().lower() for value in flags.x_loop):
        return SuppressReason.X_LOOP
    return None


def recipient_reason(address: str, own_addresses: Iterable[str]) -> SuppressReason | None:
    """Why this recipient must get no auto-reply, or None when it may."""
    normalized = normalize(address)
    if not normalized or "@" not in normalized:
        return SuppressReason.NO_RECIPIENT
    if normalized in {normalize(own) for own in own_addresses}:
        return SuppressReason.OWN_ADDRESS
    if is_machine_address(normalized):
        return SuppressReason.BOUNCE
    return None
