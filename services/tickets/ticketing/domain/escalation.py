"""Escalation: when a ticket's queue targets for the first response and the solution run out.

Targets are minutes of wall-clock time after the ticket was created (business calendars
are not modelled yet); 0 means the queue has no such target. Only open tickets escalate
(state type not closed, merged or removed), and the first-response target ends with
the first article an agent writes that the customer sees. The ticket list selects
escalated tickets with the same rule in SQL (``queries.escalation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.tickets.ticketing.domain.articles import Article, SenderType
from services.tickets.ticketing.domain.states import StateType


@dataclass(frozen=True)
class Targets:
    first_response_minutes: int = 0
    solution_minutes: int = 0


def is_first_response(article: Article) -> bool:
    """An agent's article the customer sees answers the customer (a reply, a visible note)."""
    return article.sender_type is SenderType.AGENT and article.visible_for_customer


def escalation_at(
    targets: Targets, state_type: StateType, created_at: datetime, first_response_at: datetime | None
) -> datetime | None:
    """The earliest target still running for the ticket, or None when none applies."""
    if state_type.is_closed:
        return None
    due = []
    if targets.first_response_minutes > 0 and first_response_at is None:
        due.append(created_at + timedelta(minutes=targets.first_response_minutes))
    if targets.solution_minutes > 0:
        due.append(created_at + timedelta(minutes=targets.solution_minutes))
    return min(due, default=None)
