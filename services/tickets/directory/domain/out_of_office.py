"""An agent's out-of-office period: whole days, both ends included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.tickets.errors import Invalid


@dataclass(frozen=True)
class OutOfOffice:
    start: date
    end: date
    note: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise Invalid("out of office: 'until' is before 'from'")

    def active(self, today: date) -> bool:
        return self.start <= today <= self.end
