"""Which of a queue's auto-responses answers an inbound mail (OTRS "auto responses").

A queue has at most one text per kind. The kind follows from what intake decided:
a new ticket, a follow-up to an open (or reopened) ticket, a follow-up rejected by
the closed-ticket policy, or a new ticket made for a follow-up to a closed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from services.tickets.ticketing.domain.follow_up import Outcome


class AutoResponseKind(StrEnum):
    NEW = "new"
    FOLLOW_UP = "follow_up"
    REJECT = "reject"
    NEW_AFTER_CLOSED = "new_after_closed"


@dataclass(frozen=True)
class AutoResponse:
    """Templates with variables; an empty ``subject`` answers under the inbound mail's subject."""

    subject: str
    body: str


def kind_for(outcome: Outcome) -> AutoResponseKind:
    return {
        Outcome.NEW_TICKET: AutoResponseKind.NEW,
        Outcome.FOLLOW_UP: AutoResponseKind.FOLLOW_UP,
        Outcome.REOPEN: AutoResponseKind.FOLLOW_UP,
        Outcome.REJECT: AutoResponseKind.REJECT,
        Outcome.NEW_TICKET_AFTER_CLOSED: AutoResponseKind.NEW_AFTER_CLOSED,
    }[outcome]
