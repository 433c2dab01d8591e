"""Which recipients the SMTP and LMTP intake accepts at RCPT, from tickets' system addresses.

Tickets announces the complete list (``directory.system_addresses.changed``); ingest keeps
the latest snapshot. A recipient is accepted when it is one of them, the ``postmaster``
of one of their domains (RFC 5321 4.5.1 requires it; a bare ``postmaster`` too), or a
return path our own outgoing mail uses (so that bounces of it come back). Addresses
compare case-insensitively, as tickets' routing does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

POSTMASTER = "postmaster"


def normalize(address: str) -> str:
    """``<Info@Neudorf.example>`` -> ``info@neudorf.example``."""
    return address.strip().removeprefix("<").removesuffix(">").strip().lower()


def domain_of(address: str) -> str:
    return address.rpartition("@")[2]


@dataclass(frozen=True)
class Snapshot:
    """The system addresses as of one announcement of tickets."""

    addresses: list[str]
    as_of: datetime


@dataclass(frozen=True)
class RecipientPolicy:
    """Whom we take mail for, once a snapshot of the system addresses is known."""

    addresses: frozenset[str]
    return_paths: frozenset[str] = frozenset()
    domains: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        ours = {domain_of(a) for a in (*self.addresses, *self.return_paths) if "@" in a}
        object.__setattr__(self, "domains", frozenset(ours))

    @classmethod
    def of(cls, addresses: Iterable[str], return_paths: Iterable[str] = ()) -> RecipientPolicy:
        return cls(frozenset(map(normalize, addresses)), frozenset(map(normalize, return_paths)))

    def accepts(self, recipient: str) -> bool:
        address = normalize(recipient)
        if address in self.addresses or address in self.return_paths:
            return True
        local, at, domain = address.rpartition("@")
        if not at:
            return address == POSTMASTER
        return local == POSTMASTER and domain in self.domains
