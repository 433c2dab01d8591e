"""Escalated tickets in SQL: the rule of :mod:`services.tickets.ticketing.domain.escalation` over the ticket list.

The conditions read ``tickets`` and ``queues`` (joined by ``summary_query``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.sql import plus_minutes
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.domain.states import StateType

t, s, q = ticket_tables.tickets, ticket_tables.ticket_states, directory_tables.queues
OPEN_TYPES = [kind.value for kind in StateType if not kind.is_closed]


def escalated(now: datetime) -> ColumnElement[bool]:
    """Open tickets whose first-response or solution target lies at or before ``now``."""
    first_response_due = and_(
        q.c.first_response_minutes > 0,
        t.c.first_response_at.is_(None),
        plus_minutes(t.c.created_at, q.c.first_response_minutes) <= now,
    )
    solution_due = and_(q.c.solution_minutes > 0, plus_minutes(t.c.created_at, q.c.solution_minutes) <= now)
    return and_(s.c.type.in_(OPEN_TYPES), or_(first_response_due, solution_due))
