"""What the directory's repositories hand to the app layer: records, never rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.tickets.directory.domain.out_of_office import OutOfOffice
from services.tickets.ticketing.domain.follow_up import FollowUpPolicy


@dataclass(frozen=True)
class QueueInfo:
    id: int
    name: str
    group_id: int
    follow_up_policy: FollowUpPolicy
    salutation: str | None
    signature: str | None
    address: str | None
    address_name: str | None
    valid: bool = True
    follow_up_state: str = "open"
    """The state a customer's follow-up sets on a ticket that is not new (a state of type open)."""


@dataclass(frozen=True)
class AgentInfo:
    id: int
    login: str
    name: str
    email: str
    language: str
    valid: bool
    password_hash: str | None
    out_of_office: OutOfOffice | None = None


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    login: str
    name: str
    email: str
    emails: tuple[str, ...]
    company_id: int | None
    company: str | None
    sees_company: bool
    valid: bool
    password_hash: str | None


@dataclass
class RoleView:
    name: str
    groups: dict[str, list[str]] = field(default_factory=dict)
    agents: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StoredTemplate:
    id: int
    name: str
    kind: str
    body: str
    queue_ids: list[int]
    attachments: list[tuple[int, str, str, int]]
    """(id, filename, content_type, size) — the content is read only when a reply takes it."""
