"""States, state types and priorities as OTRS defines them.

The states themselves are seeded data (a table); the rules here only look at a
state's *type*, so an administrator may add states of the known types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StateType(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING_REMINDER = "pending reminder"
    PENDING_AUTO = "pending auto"
    CLOSED = "closed"
    MERGED = "merged"
    REMOVED = "removed"

    @property
    def is_pending(self) -> bool:
        return self in (StateType.PENDING_REMINDER, StateType.PENDING_AUTO)

    @property
    def is_closed(self) -> bool:
        return self in (StateType.CLOSED, StateType.MERGED, StateType.REMOVED)

    @property
    def bucket(self) -> str:
        """The column a queue overview counts it in: new, open, pending or closed."""
        if self.is_pending:
            return "pending"
        if self.is_closed:
            return "closed"
        return self.value


@dataclass(frozen=True)
class State:
    name: str
    type: StateType


DEFAULT_STATES: tuple[State, ...] = (
    State("new", StateType.NEW),
    State("open", StateType.OPEN),
    State("pending reminder", StateType.PENDING_REMINDER),
    State("pending auto close+", StateType.PENDING_AUTO),
    State("pending auto close-", StateType.PENDING_AUTO),
    State("closed successful", StateType.CLOSED),
    State("closed unsuccessful", StateType.CLOSED),
    State("merged", StateType.MERGED),
    State("removed", StateType.REMOVED),
)

AUTO_CLOSE_TARGET = {"pending auto close+": "closed successful", "pending auto close-": "closed unsuccessful"}

PRIORITIES: dict[int, str] = {1: "1 very low", 2: "2 low", 3: "3 normal", 4: "4 high", 5: "5 very high"}
DEFAULT_PRIORITY = 3
DEFAULT_TICKET_TYPE = "Unclassified"

NEW = State("new", StateType.NEW)
OPEN = State("open", StateType.OPEN)
