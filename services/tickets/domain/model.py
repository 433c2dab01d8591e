"""The ticket aggregate: a ticket with the articles and history it gains.

The aggregate holds the state of one ticket and records what changed in
``new_articles`` and ``new_history``; the repository writes those. Every change
increases ``version``, which is both the ETag of the ticket and the sequence of
the events about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from services.tickets.domain.states import OPEN, State


class SenderType(StrEnum):
    AGENT = "agent"
    SYSTEM = "system"
    CUSTOMER = "customer"


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    NOTE = "note"
    PORTAL = "portal"


class HistoryType(StrEnum):
    NEW_TICKET = "NewTicket"
    FOLLOW_UP = "FollowUp"
    FOLLOW_UP_REJECTED = "FollowUpRejected"
    SEND_AUTO_REPLY = "SendAutoReply"
    SEND_ANSWER = "SendAnswer"
    DELIVERY = "Delivery"
    ADD_NOTE = "AddNote"
    MOVE = "Move"
    LOCK = "Lock"
    UNLOCK = "Unlock"
    OWNER_UPDATE = "OwnerUpdate"
    RESPONSIBLE_UPDATE = "ResponsibleUpdate"
    STATE_UPDATE = "StateUpdate"
    PRIORITY_UPDATE = "PriorityUpdate"
    TITLE_UPDATE = "TitleUpdate"
    SET_PENDING_TIME = "SetPendingTime"
    LINK = "Link"
    MERGED = "Merged"
    SPLIT = "Split"


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content_type: str
    content: bytes
    content_id: str | None = None
    inline: bool = False


@dataclass
class Article:
    sender_type: SenderType
    channel: Channel
    created_at: datetime
    created_by: str
    visible_for_customer: bool = True
    from_address: str | None = None
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    body_text: str = ""
    body_html: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    attachments: list[NewAttachment] = field(default_factory=list)
    delivery_status: str | None = None
    """For an outgoing mail: queued until notify reports (see :mod:`delivery`)."""
    id: int | None = None
    """Set by the repository when the article is written."""


@dataclass(frozen=True)
class HistoryEntry:
    type: HistoryType
    actor: str
    created_at: datetime
    old: str | None = None
    new: str | None = None
    note: str | None = None


@dataclass
class Ticket:
    number: str
    title: str
    queue_id: int
    state: State
    priority: int
    created_at: datetime
    changed_at: datetime
    customer_email: str | None = None
    customer_user: str | None = None
    owner_id: int | None = None
    responsible_id: int | None = None
    locked: bool = False
    pending_until: datetime | None = None
    ticket_type: str = "Unclassified"
    version: int = 0
    id: int | None = None
    new_articles: list[Article] = field(default_factory=list)
    new_history: list[HistoryEntry] = field(default_factory=list)

    def record(
        self,
        type_: HistoryType,
        actor: str,
        at: datetime,
        *,
        old: object = None,
        new: object = None,
        note: str | None = None,
    ) -> None:
        self.new_history.append(
            HistoryEntry(type_, actor, at, None if old is None else str(old), None if new is None else str(new), note)
        )

    def _touch(self, at: datetime) -> None:
        self.version += 1
        self.changed_at = at

    @classmethod
    def open_new(
        cls,
        *,
        number: str,
        title: str,
        queue_id: int,
        state: State,
        priority: int,
        first: Article,
        customer_email: str | None,
        actor: str,
    ) -> Ticket:
        ticket = cls(
            number=number,
            title=title or "(no subject)",
            queue_id=queue_id,
            state=state,
            priority=priority,
            created_at=first.created_at,
            changed_at=first.created_at,
            customer_email=customer_email,
        )
        ticket._touch(first.created_at)
        ticket.new_articles.append(first)
        ticket.record(
            HistoryType.NEW_TICKET,
            actor,
            first.created_at,
            new=state.name,
            note=f"New ticket [{number}] created ({title or '(no subject)'}).",
        )
        return ticket

    def add_follow_up(self, article: Article, actor: str, *, reopen: bool) -> None:
        """A customer's mail on this ticket; ``reopen`` moves a closed ticket back to open."""
        self._touch(article.created_at)
        self.new_articles.append(article)
        self.record(HistoryType.FOLLOW_UP, actor, article.created_at, note=f"FollowUp for [{self.number}].")
        if reopen and self.state.type.is_closed:
            self.record(HistoryType.STATE_UPDATE, actor, article.created_at, old=self.state.name, new=OPEN.name)
            self.state = OPEN

    def keep_rejected(self, article: Article, actor: str) -> None:
        """A follow-up the queue rejects on a closed ticket: kept, but the ticket stays closed."""
        self._touch(article.created_at)
        self.new_articles.append(article)
        self.record(
            HistoryType.FOLLOW_UP_REJECTED,
            actor,
            article.created_at,
            note=f"Follow-up on closed ticket [{self.number}] rejected by queue policy.",
        )
