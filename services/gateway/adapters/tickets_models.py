"""What the gateway reads from the tickets service's API, as tolerant pydantic models.

Only the fields the UI shows; unknown fields are ignored so that tickets can add
fields without breaking the gateway.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Read(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class AgentInfo(_Read):
    login: str
    name: str = ""
    email: str = ""
    language: str = ""
    is_admin: bool = False


class LoginResult(_Read):
    token: str
    expires_at: datetime | None = None
    agent: AgentInfo


class QueueCounts(_Read):
    new: int = 0
    open: int = 0
    pending: int = 0
    closed: int = 0
    total: int = 0


class Queue(_Read):
    id: int
    name: str
    parent_id: int | None = None
    depth: int = 0
    group: str | None = None
    counts: QueueCounts = QueueCounts()


class TicketSummary(_Read):
    id: int
    number: str
    title: str = ""
    queue: str = ""
    queue_id: int | None = None
    state: str = ""
    state_type: str = ""
    priority: int | str | None = None
    customer_email: str | None = None
    owner: str | None = None
    locked: bool = False
    created_at: datetime | None = None
    changed_at: datetime | None = None


class TicketPage(_Read):
    total: int
    items: list[TicketSummary]
    next_cursor: str | None = None


class Attachment(_Read):
    id: int
    filename: str = ""
    content_type: str = "application/octet-stream"
    size: int | None = None


class Delivery(_Read):
    status: str
    detail: str | None = None


class Article(_Read):
    id: int
    sender_type: str = ""
    channel: str = ""
    visible_for_customer: bool = False
    from_address: str | None = None
    to: list[str] = Field(default_factory=list)
    cc: list[str] = Field(default_factory=list)
    subject: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    created_at: datetime | None = None
    attachments: list[Attachment] = Field(default_factory=list)
    delivery: Delivery | None = None


class Link(_Read):
    number: str
    title: str = ""
    state: str = ""
    type: str = "normal"


class Ticket(TicketSummary):
    version: int = 0
    pending_until: datetime | None = None
    responsible: str | None = None
    merged_into: str | None = None
    watchers: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)


class StateChoice(_Read):
    name: str
    type: str = ""


class PriorityChoice(_Read):
    id: int
    name: str = ""


class QueueChoice(_Read):
    id: int
    name: str


class AgentChoice(_Read):
    login: str
    name: str = ""


class TemplateFile(_Read):
    filename: str = ""


class TemplateChoice(_Read):
    """A standard answer of the ticket's queue, as the reply form offers it."""

    id: int
    name: str
    kind: str = "answer"


class RenderedTemplate(_Read):
    """A standard answer filled in for one ticket; ``unsigned`` is a reply's body (tickets signs the mail)."""

    id: int
    name: str = ""
    unsigned: str = ""
    attachments: list[TemplateFile] = Field(default_factory=list)
