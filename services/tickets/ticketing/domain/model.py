"""The ticket aggregate: a ticket with the articles and history it gains.

The aggregate holds the state of one ticket and records what changed in
``new_articles`` and ``new_history``; the repository writes those. Every change
increases ``version``, which is both the ETag of the ticket and the sequence of
the events about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.tickets.errors import Invalid, LockedByOther
from services.tickets.ticketing.domain import escalation
from services.tickets.ticketing.domain.articles import Article, without_nul
from services.tickets.ticketing.domain.history import HistoryEntry, HistoryType
from services.tickets.ticketing.domain.states import DEFAULT_TICKET_TYPE, OPEN, PRIORITIES, State, StateType


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
    ticket_type: str = DEFAULT_TICKET_TYPE
    merged_into_id: int | None = None
    archived_at: datetime | None = None
    closed_at: datetime | None = None
    """When the ticket entered a closed state type (closed, merged, removed); None while it is open."""
    first_response_at: datetime | None = None
    """When an agent first wrote something the customer sees (ends the first-response target)."""
    tags: set[str] = field(default_factory=set)
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

    def _add_article(self, article: Article) -> None:
        self.new_articles.append(article)
        if self.first_response_at is None and escalation.is_first_response(article):
            self.first_response_at = article.created_at

    def _enter(self, state: State, at: datetime) -> None:
        """Every state change goes through here, so that ``closed_at`` follows the state type."""
        if state.type.is_closed and not self.state.type.is_closed:
            self.closed_at = at
        elif not state.type.is_closed:
            self.closed_at = None
        self.state = state

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
            title=without_nul(title) or "(no subject)",
            queue_id=queue_id,
            state=state,
            priority=priority,
            created_at=first.created_at,
            changed_at=first.created_at,
            customer_email=customer_email,
        )
        ticket._touch(first.created_at)
        ticket._add_article(first)
        if state.type.is_closed:
            ticket.closed_at = first.created_at
        ticket.record(
            HistoryType.NEW_TICKET,
            actor,
            first.created_at,
            new=state.name,
            note=f"New ticket [{number}] created ({ticket.title}).",
        )
        return ticket

    def add_follow_up(
        self, article: Article, actor: str, *, reopen: bool, trusted: bool = True, follow_up_state: State = OPEN
    ) -> None:
        """A customer's answer on this ticket; it sets the queue's ``follow_up_state`` (OTRS's
        ``PostMaster::FollowUpState``) unless the ticket is new. A closed ticket moves there only
        when ``reopen`` (the queue's policy allows it); a pending one loses its pending time.

        From a sender who is not ``trusted`` the article is hidden from the customer and flagged.
        """
        self._touch(article.created_at)
        self._add_article(article)
        note = f"FollowUp for [{self.number}]."
        if not trusted:
            article.visible_for_customer = False
            note += f" Sender {article.from_address} is not on this ticket: hidden from the customer, please review."
        self.record(HistoryType.FOLLOW_UP, actor, article.created_at, note=note)
        if follow_up_state.type is not StateType.OPEN:
            raise Invalid(f"follow-up state {follow_up_state.name!r} is not of type open")
        if self.state.type is StateType.NEW or self.state == follow_up_state:
            return
        if self.state.type.is_closed and not reopen:
            return
        at = article.created_at
        self.record(HistoryType.FOLLOW_UP_STATE, actor, at, old=self.state.name, new=follow_up_state.name)
        self._enter(follow_up_state, at)
        self.pending_until = None  # as set_state: a state of type open has no pending time

    def keep_rejected(self, article: Article, actor: str) -> None:
        """A follow-up the queue rejects on a closed ticket: kept, but the ticket stays closed."""
        self._touch(article.created_at)
        self._add_article(article)
        self.record(
            HistoryType.FOLLOW_UP_REJECTED,
            actor,
            article.created_at,
            note=f"Follow-up on closed ticket [{self.number}] rejected by queue policy.",
        )

    # --- agent actions -------------------------------------------------------------------------------
    # Each returns False when it changes nothing (and then records nothing and keeps the version).

    def add_note(self, article: Article, actor: str) -> None:
        self._touch(article.created_at)
        self._add_article(article)
        self.record(HistoryType.ADD_NOTE, actor, article.created_at, note=article.subject or None)

    def send_answer(self, article: Article, agent_id: int, agent_login: str, actor: str) -> None:
        """An agent's mail to the customer: answering locks the ticket to the agent and opens a new one."""
        at = article.created_at
        self._touch(at)
        self._add_article(article)
        self.record(HistoryType.SEND_ANSWER, actor, at, note=f"Email sent to {', '.join(article.to)}.")
        if not self.locked:
            self._lock_to(agent_id, agent_login, actor, at, previous_login=None)
        if self.state.type is StateType.NEW:
            self.record(HistoryType.STATE_UPDATE, actor, at, old=self.state.name, new=OPEN.name)
            self._enter(OPEN, at)

    def forward(self, article: Article, actor: str) -> None:
        """An agent's mail passing an article on to a third party; unlike an answer it neither locks nor opens."""
        self._touch(article.created_at)
        self.new_articles.append(article)  # to a third party: not a response to the customer
        self.record(HistoryType.FORWARD, actor, article.created_at, note=f"Forwarded to {', '.join(article.to)}.")

    def first_mail_sent(self, article: Article, actor: str) -> None:
        """A ticket that starts with an agent's mail (email-out): sending it is the step after creation."""
        self._touch(article.created_at)
        self.record(HistoryType.SEND_ANSWER, actor, article.created_at, note=f"Email sent to {', '.join(article.to)}.")

    def move(self, queue_id: int, old_name: str, new_name: str, actor: str, at: datetime) -> bool:
        """Into another queue; a locked ticket is unlocked on the way (OTRS does the same)."""
        if queue_id == self.queue_id:
            return False
        self._touch(at)
        self.record(HistoryType.MOVE, actor, at, old=old_name, new=new_name)
        self.queue_id = queue_id
        if self.locked:
            self.locked = False
            self.record(HistoryType.UNLOCK, actor, at, note="Unlocked on move.")
        return True

    def lock(
        self,
        agent_id: int,
        agent_login: str,
        actor: str,
        at: datetime,
        *,
        previous_login: str | None,
        take_over: bool = False,
    ) -> bool:
        if self.locked and self.owner_id == agent_id:
            return False
        if self.locked and not take_over:
            raise LockedByOther(f"ticket {self.number} is locked by {previous_login}", holder=previous_login)
        self._touch(at)
        self._lock_to(agent_id, agent_login, actor, at, previous_login=previous_login)
        return True

    def _lock_to(
        self, agent_id: int, agent_login: str, actor: str, at: datetime, *, previous_login: str | None
    ) -> None:
        if self.owner_id != agent_id:
            note = f"Taken over from {previous_login}." if self.locked else None
            self.record(HistoryType.OWNER_UPDATE, actor, at, old=previous_login, new=agent_login, note=note)
            self.owner_id = agent_id
        self.locked = True
        self.record(HistoryType.LOCK, actor, at, new=agent_login)

    def unlock(self, actor: str, at: datetime) -> bool:
        if not self.locked:
            return False
        self._touch(at)
        self.locked = False
        self.record(HistoryType.UNLOCK, actor, at)
        return True

    def set_state(self, state: State, pending_until: datetime | None, actor: str, at: datetime) -> bool:
        if state.type is StateType.MERGED:
            raise Invalid("a ticket becomes merged only by merging it")
        if state.type.is_pending and pending_until is None:
            raise Invalid(f"state {state.name!r} needs a pending time")
        pending_until = pending_until if state.type.is_pending else None
        if state == self.state and pending_until == self.pending_until:
            return False
        self._touch(at)
        if state != self.state:
            self.record(HistoryType.STATE_UPDATE, actor, at, old=self.state.name, new=state.name)
            self._enter(state, at)
        if pending_until != self.pending_until:
            if pending_until is not None:
                self.record(
                    HistoryType.SET_PENDING_TIME, actor, at, old=self.pending_until, new=pending_until.isoformat()
                )
            self.pending_until = pending_until
        if state.type.is_closed and self.locked:
            self.locked = False
            self.record(HistoryType.UNLOCK, actor, at, note="Unlocked on close.")
        return True

    def set_priority(self, priority: int, actor: str, at: datetime) -> bool:
        if priority not in PRIORITIES:
            raise Invalid(f"priority must be one of {sorted(PRIORITIES)}")
        if priority == self.priority:
            return False
        self._touch(at)
        self.record(HistoryType.PRIORITY_UPDATE, actor, at, old=PRIORITIES[self.priority], new=PRIORITIES[priority])
        self.priority = priority
        return True

    def set_owner(self, agent_id: int, old_login: str | None, new_login: str, actor: str, at: datetime) -> bool:
        if agent_id == self.owner_id:
            return False
        self._touch(at)
        self.record(HistoryType.OWNER_UPDATE, actor, at, old=old_login, new=new_login)
        self.owner_id = agent_id
        return True

    def set_responsible(self, agent_id: int, old_login: str | None, new_login: str, actor: str, at: datetime) -> bool:
        if agent_id == self.responsible_id:
            return False
        self._touch(at)
        self.record(HistoryType.RESPONSIBLE_UPDATE, actor, at, old=old_login, new=new_login)
        self.responsible_id = agent_id
        return True

    def set_title(self, title: str, actor: str, at: datetime) -> bool:
        title = without_nul(title).strip()
        if not title:
            raise Invalid("a title must not be empty")
        if title == self.title:
            return False
        self._touch(at)
        self.record(HistoryType.TITLE_UPDATE, actor, at, old=self.title, new=title)
        self.title = title
        return True

    def set_type(self, ticket_type: str, actor: str, at: datetime) -> bool:
        if ticket_type == self.ticket_type:
            return False
        self._touch(at)
        self.record(HistoryType.TYPE_UPDATE, actor, at, old=self.ticket_type, new=ticket_type)
        self.ticket_type = ticket_type
        return True

    def set_customer(self, email: str, customer_user: str | None, actor: str, at: datetime) -> bool:
        if email == self.customer_email and customer_user == self.customer_user:
            return False
        self._touch(at)
        self.record(HistoryType.CUSTOMER_UPDATE, actor, at, old=self.customer_email, new=email)
        self.customer_email, self.customer_user = email, customer_user
        return True

    def archive(self, actor: str, at: datetime) -> bool:
        """Only a closed ticket is archived; it leaves the default lists and searches."""
        if self.archived_at is not None:
            return False
        if not self.state.type.is_closed:
            raise Invalid(f"ticket {self.number} is not closed")
        self._touch(at)
        self.archived_at = at
        self.record(HistoryType.ARCHIVE, actor, at)
        return True

    def tag(self, tag: str, on: bool, actor: str, at: datetime) -> bool:
        """Add (``on``) or remove a free tag; False when it was already so. The repository writes the
        ``ticket_tags`` rows from the ``TagAdd``/``TagRemove`` history, so a tag changes with its history."""
        tag = normalize_tag(tag)
        if (tag in self.tags) == on:
            return False
        self._touch(at)
        if on:
            self.tags.add(tag)
            self.record(HistoryType.TAG_ADD, actor, at, new=tag)
        else:
            self.tags.discard(tag)
            self.record(HistoryType.TAG_REMOVE, actor, at, old=tag)
        return True

    def restore(self, actor: str, at: datetime) -> bool:
        if self.archived_at is None:
            return False
        self._touch(at)
        self.archived_at = None
        self.record(HistoryType.RESTORE, actor, at)
        return True

    # --- split and merge ----------------------------------------------------------------------------

    def merge_into(self, target: Ticket, merged: State, actor: str, at: datetime) -> None:
        """This ticket ends as ``merged``; its articles (moved by the repository) continue on ``target``."""
        if target.id == self.id:
            raise Invalid("a ticket cannot be merged into itself")
        if target.state.type is StateType.MERGED:
            raise Invalid(f"ticket {target.number} is itself merged")
        if self.state.type is StateType.MERGED:
            raise Invalid(f"ticket {self.number} is already merged")
        self._touch(at)
        self.record(
            HistoryType.MERGED,
            actor,
            at,
            old=self.number,
            new=target.number,
            note=f"Merged {self.number} into {target.number}.",
        )
        self.record(HistoryType.STATE_UPDATE, actor, at, old=self.state.name, new=merged.name)
        self._enter(merged, at)
        self.locked, self.merged_into_id, self.pending_until = False, target.id, None
        target._touch(at)
        target.record(
            HistoryType.MERGED,
            actor,
            at,
            old=self.number,
            new=target.number,
            note=f"Merged {self.number} into {target.number}.",
        )


MAX_TAG = 100


def normalize_tag(tag: str) -> str:
    """Tags compare without surrounding blanks and case: ``Spende`` and `` spende`` are one tag."""
    tag = " ".join(tag.split()).lower()
    if not tag or len(tag) > MAX_TAG:
        raise Invalid(f"a tag has 1 to {MAX_TAG} characters")
    return tag
