"""Is an inbound message a follow-up, and what happens to it?

Checks in OTRS order: the ticket hook in the subject, then ``In-Reply-To`` /
``References`` against the Message-IDs we know for a ticket (its articles and the
mails we sent, whose ids we chose), then — only when switched on, as OTRS's
``PostMaster::CheckFollowUpModule`` body check — the hook in the text body. The repository looks the candidates up; the
decision itself is here, without I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.tickets.ticketing.domain.states import StateType


class FollowUpPolicy(StrEnum):
    """What a queue does with a follow-up on a closed ticket."""

    REOPEN = "reopen"
    REJECT = "reject"
    NEW_TICKET = "new_ticket"


class Outcome(StrEnum):
    NEW_TICKET = "new_ticket"
    FOLLOW_UP = "follow_up"
    REOPEN = "reopen"
    REJECT = "reject"
    NEW_TICKET_AFTER_CLOSED = "new_ticket_after_closed"


@dataclass(frozen=True)
class Candidate:
    """A ticket that an inbound message may belong to, as far as the decision needs it."""

    ticket_id: int
    state_type: StateType
    policy: FollowUpPolicy


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    ticket_id: int | None = None
    found_by: str | None = None
    """"subject", "references" or "body": which check threaded the message."""


def reference_ids(in_reply_to: str | None, references: list[str]) -> list[str]:
    """Message-IDs the message refers to, most specific first, without duplicates."""
    ids = [in_reply_to] if in_reply_to else []
    ids.extend(reversed(references))
    seen: list[str] = []
    for value in ids:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen


def decide(by_subject: Candidate | None, by_references: Candidate | None, by_body: Candidate | None = None) -> Decision:
    """The subject hook wins; then the references; then the body; otherwise a new ticket."""
    found = [(c, by) for c, by in ((by_subject, "subject"), (by_references, "references"), (by_body, "body")) if c]
    if not found:
        return Decision(Outcome.NEW_TICKET)
    candidate, found_by = found[0]
    if not candidate.state_type.is_closed:
        return Decision(Outcome.FOLLOW_UP, candidate.ticket_id, found_by)
    outcome = {
        FollowUpPolicy.REOPEN: Outcome.REOPEN,
        FollowUpPolicy.REJECT: Outcome.REJECT,
        FollowUpPolicy.NEW_TICKET: Outcome.NEW_TICKET_AFTER_CLOSED,
    }[candidate.policy]
    return Decision(outcome, candidate.ticket_id, found_by)


def is_trusted_sender(sender: str, customer_email: str | None, participants: set[str]) -> bool:
    """A follow-up is trusted from the ticket's customer, anyone already on the ticket, or an agent.

    Anyone else may have guessed or copied a ticket number: the mail is kept, but not
    shown to the customer until someone has looked at it.
    """
    sender = (sender or "").strip().lower()
    return bool(sender) and (sender == (customer_email or "").lower() or sender in participants)
