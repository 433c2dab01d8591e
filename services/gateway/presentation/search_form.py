"""The search page's form: what the agent filled in, as parameters of the tickets API.

Dates come from ``<input type="date">`` (``YYYY-MM-DD``) and mean whole days in the UI
time zone: "from" starts at midnight, "to" ends at the last microsecond of that day
(the API's ranges include both ends).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

RANGES = ("created", "changed", "closed")
TEXT = Field(default="", max_length=500)
DAY = Field(default="", max_length=10, description="YYYY-MM-DD")


class SearchForm(BaseModel):
    q: str = TEXT
    queue: str = TEXT
    state: str = TEXT
    created_from: str = DAY
    created_to: str = DAY
    changed_from: str = DAY
    changed_to: str = DAY
    closed_from: str = DAY
    closed_to: str = DAY
    escalated: bool = False
    cursor: str = Field(default="", max_length=400, description="`next_cursor` of the page before")

    def filled(self) -> dict[str, str]:
        """The filters that were filled in, as they appear in the page's URL (the cursor is not a filter)."""
        values = self.model_dump(exclude={"cursor", "escalated"})
        found = {name: value.strip() for name, value in values.items() if value.strip()}
        return found | ({"escalated": "1"} if self.escalated else {})


class NotADay(ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


def api_params(filled: dict[str, str], zone: ZoneInfo) -> dict[str, str]:
    """``filled`` (from :meth:`SearchForm.filled`) for ``GET /api/v1/tickets``; a bad date raises :class:`NotADay`."""
    params = dict(filled)
    for name in RANGES:
        for end, at in (("from", time.min), ("to", time.max)):
            key = f"{name}_{end}"
            if key in params:
                params[key] = datetime.combine(_day(params[key]), at, zone).isoformat()
    if "escalated" in params:
        params["escalated"] = "true"
    return params


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise NotADay(value) from None
