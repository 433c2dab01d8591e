"""Domain errors; the HTTP adapter maps each family to one status code."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class NotFound(DomainError):
    """The thing does not exist — or the caller may not know that it does (404)."""


class Forbidden(DomainError):
    """The caller may read it but not do this (403)."""


class Conflict(DomainError):
    """A stale version or a lock held by someone else (409)."""


class Invalid(DomainError):
    """The request breaks a rule of the domain (422)."""


class Unauthenticated(DomainError):
    """No valid credentials (401)."""


class TooManyAttempts(DomainError):
    """Too many failed logins for this account; try again later (429)."""
