"""Response schemas of the HTTP API (what leaves the service; never ORM rows)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.tickets.directory.domain.out_of_office import OutOfOffice


class OutOfOfficeOut(BaseModel):
    """An agent's absence, whole days; ``active`` says whether today is one of them."""

    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(alias="from")
    until: date
    note: str | None
    active: bool

    @classmethod
    def of(cls, period: OutOfOffice | None) -> OutOfOfficeOut | None:
        if period is None:
            return None
        return cls(
            start=period.start, until=period.end, note=period.note, active=period.active(datetime.now(UTC).date())
        )


class AgentOut(BaseModel):
    login: str
    name: str
    email: str
    language: str
    is_admin: bool
    out_of_office: OutOfOfficeOut | None = None


class QueueCounts(BaseModel):
    new: int = 0
    open: int = 0
    pending: int = 0
    closed: int = 0
    total: int = 0


class QueueOut(BaseModel):
    id: int
    name: str = Field(examples=["Vorstand::Schatzmeister"])
    parent_id: int | None
    depth: int
    group: str
    counts: QueueCounts


class QueueList(BaseModel):
    items: list[QueueOut]


class TicketSummary(BaseModel):
    id: int
    number: str = Field(examples=["2026112810000011"])
    title: str
    queue: str
    queue_id: int
    state: str
    state_type: str
    priority: int
    customer_email: str | None
    owner: str | None
    locked: bool
    created_at: datetime
    changed_at: datetime
    closed_at: datetime | None = Field(default=None, description="When it entered a closed state type.")
    first_response_at: datetime | None = Field(
        default=None, description="When an agent first wrote something the customer sees."
    )
    escalation_at: datetime | None = Field(
        default=None,
        description="When the queue's first-response or solution target runs out (wall clock); "
        "None when closed or the queue sets no target. Past: the ticket is escalated.",
    )
    tags: list[str] = Field(default=[], description="Free tags, sorted.")


class TicketPage(BaseModel):
    total: int
    total_is_estimate: bool = False
    """True when a search found more than ``total`` tickets and stopped counting there."""
    items: list[TicketSummary]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` (same filters and sort) for the next page; None on the last."
    )


class AttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int


class DeliveryOut(BaseModel):
    status: str = Field(examples=["queued", "deferred", "sent", "failed"])
    detail: str | None


class ArticleOut(BaseModel):
    id: int
    sender_type: str
    channel: str
    visible_for_customer: bool
    from_address: str | None
    to: list[str]
    cc: list[str]
    subject: str
    body_text: str
    body_html: str | None
    message_id: str | None
    created_at: datetime
    attachments: list[AttachmentOut]
    delivery: DeliveryOut | None


class LinkOut(BaseModel):
    number: str
    title: str
    state: str
    type: str = Field(examples=["normal", "parent", "child"], description="What the linked ticket is to this one.")


class TicketDetail(TicketSummary):
    version: int
    pending_until: datetime | None
    responsible: str | None
    type: str
    customer_user: str | None
    merged_into: str | None = Field(default=None, description="Number of the ticket this one was merged into.")
    archived: bool = False
    watchers: list[str] = Field(default=[], description="Logins of the agents watching the ticket.")
    links: list[LinkOut] = Field(default=[], description="Linked tickets the caller may read (others are not shown).")
    articles: list[ArticleOut]


class HistoryOut(BaseModel):
    id: int
    type: str
    actor: str
    created_at: datetime
    old: str | None
    new: str | None
    note: str | None


class StateOut(BaseModel):
    name: str
    type: str


class PriorityOut(BaseModel):
    id: int
    name: str


class QueueChoice(BaseModel):
    id: int
    name: str


class AgentChoice(BaseModel):
    login: str
    name: str
    out_of_office: OutOfOfficeOut | None = None


class CustomerOut(BaseModel):
    login: str
    name: str
    email: str
    company: str | None


class CustomerTicket(BaseModel):
    number: str
    title: str
    state: str
    state_type: str
    created_at: datetime
    changed_at: datetime


class CustomerTicketPage(BaseModel):
    total: int
    items: list[CustomerTicket]


class CustomerTicketDetail(CustomerTicket):
    articles: list[ArticleOut] = Field(description="Only the articles visible to the customer.")


class CreatedId(BaseModel):
    """What a create answers: the new thing's id."""

    id: int
