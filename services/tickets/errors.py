"""Domain errors; the HTTP adapter maps each family to one status code."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class NotFound(DomainError):
    """The thing does not exist — or the caller may not know that it does (404)."""


class Forbidden(DomainError):
    """The caller may read it but not do this (403)."""


class Conflict(DomainError):
    """The request clashes with the current state (409); ``code`` names the kind for clients.

    Raise one of the subclasses: each kind has its own stable ``code`` (and problem ``type``).
    """

    code = "conflict"


class StaleVersion(Conflict):
    """The ticket changed since the caller read it (``If-Match`` or a concurrent save)."""

    code = "stale-version"


class LockedByOther(Conflict):
    """The ticket is locked by another agent; ``holder`` is that agent's login when known."""

    code = "locked-by-other"

    def __init__(self, message: str, *, holder: str | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class AlreadyExists(Conflict):
    """A name or address that must be unique is taken."""

    code = "already-exists"


class WrongState(Conflict):
    """The thing is not in the state this step needs (e.g. a second factor already on)."""

    code = "wrong-state"


class Invalid(DomainError):
    """The request breaks a rule of the domain (422)."""


class Unauthenticated(DomainError):
    """No valid credentials (401)."""


class TooManyAttempts(DomainError):
    """Too many failed logins for this account; try again later (429)."""
