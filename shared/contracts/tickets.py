"""Events published by the tickets service.

Every ticket event carries ``ticket_id`` and ``ticket_version``; the envelope's
``key`` is the ticket id and its ``sequence`` the ticket version, so a consumer can
tell the order of events about one ticket.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Contract, register
from shared.contracts.common import OutboundMail


class InboundFlags(BaseModel):
    """What notify needs to know about an inbound mail to avoid mail loops (RFC 3834)."""

    model_config = ConfigDict(frozen=True)

    envelope_from: str | None = None
    auto_submitted: bool = False
    is_bounce: bool = False
    is_list: bool = False
    x_loop: list[str] = []


class AutoReply(BaseModel):
    """The queue's auto-response, rendered by tickets; notify decides whether it may go out."""

    model_config = ConfigDict(frozen=True)

    mail: OutboundMail
    inbound: InboundFlags
    kind: str = Field(
        default="new",
        description="Which of the queue's auto-responses this is.",
        examples=["new", "follow_up", "reject", "new_after_closed"],
    )


@register
class TicketCreatedV1(Contract):
    TYPE: ClassVar[str] = "ticket.created"
    VERSION: ClassVar[int] = 1

    ticket_id: int
    ticket_version: int
    number: str = Field(examples=["2026112810000011"])
    title: str
    queue_id: int
    queue: str = Field(examples=["Allgemein"])
    state: str = "new"
    state_type: str = "new"
    priority: int = Field(default=3, ge=1, le=5)
    customer_email: str | None = None
    customer_id: str | None = None
    origin: str = Field(default="email", examples=["email", "phone", "portal", "internal"])
    created_at: datetime
    created_by: str = Field(default="system", examples=["system", "agent:admin"])
    source_event_id: uuid.UUID | None = None
    auto_reply: AutoReply | None = None


@register
class ArticleAddedV1(Contract):
    TYPE: ClassVar[str] = "ticket.article.added"
    VERSION: ClassVar[int] = 1

    ticket_id: int
    ticket_version: int
    number: str
    queue_id: int
    queue: str
    article_id: int
    sender_type: str = Field(examples=["customer", "agent", "system"])
    channel: str = Field(examples=["email", "phone", "note", "portal"])
    visible_for_customer: bool = True
    from_address: str | None = None
    subject: str = ""
    message_id: str | None = None
    created_at: datetime
    created_by: str = "system"
    follow_up: bool = Field(default=False, description="True when the article followed up an existing ticket.")
    attachment_count: int = 0
    outbound_mail: OutboundMail | None = Field(
        default=None, description="Set when the article is a mail to send (a reply, a forward)."
    )
    auto_reply: AutoReply | None = None


class TicketSnapshot(BaseModel):
    """The ticket's state after a change, so a consumer can keep a projection without
    replaying history: with ``ticket_version`` it keeps the newest and drops stale ones."""

    model_config = ConfigDict(frozen=True)

    queue_id: int
    queue: str
    state: str
    state_type: str
    priority: int = Field(ge=1, le=5)
    owner: str | None = None
    owner_email: str | None = Field(default=None, description="Where a notification for the owner goes.")
    responsible: str | None = None
    locked: bool = False
    title: str
    customer_email: str | None = None
    pending_until: datetime | None = None
    archived: bool = False


class FieldChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str = Field(examples=["state", "priority", "owner", "lock", "title"])
    old: str | None = None
    new: str | None = None


@register
class TicketUpdatedV1(Contract):
    """Fields of a ticket changed (state, priority, owner, responsible, lock, title, type,
    customer, pending time, archive flag); ``history_type`` names the OTRS history type."""

    TYPE: ClassVar[str] = "ticket.updated"
    VERSION: ClassVar[int] = 1

    ticket_id: int
    ticket_version: int
    number: str
    history_type: str = Field(examples=["StateUpdate", "PriorityUpdate", "OwnerUpdate", "Lock"])
    changes: list[FieldChange]
    ticket: TicketSnapshot
    changed_at: datetime
    changed_by: str = Field(examples=["agent:vorstand", "system:scheduler"])
    previous_state_type: str | None = Field(
        default=None,
        description="The state type before the change when the state changed, so a consumer sees a ticket "
        "becoming closed (not one closed state following another) without keeping its own copy.",
    )


@register
class TicketMovedV1(Contract):
    """A ticket left one queue for another (and was unlocked)."""

    TYPE: ClassVar[str] = "ticket.moved"
    VERSION: ClassVar[int] = 1

    ticket_id: int
    ticket_version: int
    number: str
    from_queue_id: int
    from_queue: str
    ticket: TicketSnapshot
    changed_at: datetime
    changed_by: str


@register
class TicketMergedV1(Contract):
    """``number`` was merged into ``into_number``; follow-ups to it now land there."""

    TYPE: ClassVar[str] = "ticket.merged"
    VERSION: ClassVar[int] = 1

    ticket_id: int
    ticket_version: int
    number: str
    into_ticket_id: int
    into_number: str
    ticket: TicketSnapshot
    changed_at: datetime
    changed_by: str


@register
class PendingReminderReachedV1(Contract):
    """A ticket's pending reminder time passed; notify tells its owner (or the queue)."""

    TYPE: ClassVar[str] = "ticket.reminder.reached"
    VERSION: ClassVar[int] = 1

    ticket_id: int
    ticket_version: int
    number: str
    ticket: TicketSnapshot
    reached_at: datetime


@register
class MailRequestedV1(Contract):
    """A mail about an account rather than a ticket (a password reset); notify sends it as it is.

    ``key`` is ``account:<kind>:<id>``; there is no ticket and no delivery report goes back to one.
    """

    TYPE: ClassVar[str] = "identity.mail.requested"
    FORMER_TYPES: ClassVar[tuple[str, ...]] = ("tickets.mail.requested",)
    VERSION: ClassVar[int] = 1

    mail: OutboundMail
    purpose: str = Field(examples=["password_reset"])


@register
class SystemAddressesChangedV1(Contract):
    """The complete list of addresses mail may be sent to (a snapshot, not a change).

    Published whenever system addresses or the validity of their queues change, and
    once when the tickets service starts. A consumer keeps the snapshot with the
    latest ``as_of`` and drops older ones, so lost or reordered events do no harm.
    ``key`` is ``system-addresses``.
    """

    TYPE: ClassVar[str] = "directory.system_addresses.changed"
    FORMER_TYPES: ClassVar[tuple[str, ...]] = ("tickets.system_addresses.changed",)
    VERSION: ClassVar[int] = 1

    addresses: list[str] = Field(
        description="Valid system addresses of valid queues, lower case.", examples=[["info@neudorf.example"]]
    )
    as_of: datetime = Field(description="When tickets read the list; a later snapshot replaces an earlier one.")
