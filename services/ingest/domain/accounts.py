"""Mail accounts ingest polls (IMAP, POP3): their settings and the retry rule, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Protocol(StrEnum):
    IMAP = "imap"
    POP3 = "pop3"


class Security(StrEnum):
    NONE = "none"
    """Plain text; only for a server on the same host or a trusted network."""
    TLS = "tls"
    """TLS from the first byte (IMAPS 993, POP3S 995)."""
    STARTTLS = "starttls"


class AfterFetch(StrEnum):
    """What happens on the server once a message is stored (never before)."""

    DELETE = "delete"
    """IMAP: flag \\Deleted and expunge; POP3: DELE (committed by QUIT)."""
    MARK_SEEN = "mark_seen"
    """IMAP only: flag \\Seen and leave it; only unseen messages are fetched."""


class AccountError(Exception):
    """Base of the account errors the HTTP API maps to status codes."""


class AccountNotFound(AccountError):
    pass


class AccountNameTaken(AccountError):
    pass


class InvalidAccount(AccountError):
    pass


@dataclass(frozen=True)
class MailAccount:
    id: int
    name: str
    protocol: Protocol
    host: str
    port: int
    security: Security
    username: str
    password: str
    folder: str = "INBOX"
    after_fetch: AfterFetch = AfterFetch.DELETE
    queue: str | None = None
    """Every message of the account goes to this queue; None: the recipients decide."""
    trusted: bool = False
    """X-Umlauf-*/X-OTRS-* headers of its mail are honoured (else stripped)."""
    verify_tls: bool = True
    enabled: bool = True
    poll_interval: int = 60
    """Seconds between polls; with IMAP IDLE the longest wait for new mail."""
    next_attempt_at: datetime | None = None


def check(protocol: Protocol, after_fetch: AfterFetch) -> None:
    """POP3 has no flags: a message it fetched can only be deleted."""
    if protocol is Protocol.POP3 and after_fetch is not AfterFetch.DELETE:
        raise InvalidAccount("POP3 accounts can only delete fetched messages (after_fetch=delete)")


def backoff(failures: int, *, base: float = 5.0, ceiling: float = 900.0) -> float:
    """Seconds before the next attempt after ``failures`` failures in a row: 5, 10, 20 … at most 15 min."""
    return min(ceiling, base * 2 ** max(0, failures - 1))
