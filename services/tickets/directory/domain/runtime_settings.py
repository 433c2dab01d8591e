"""Settings an admin changes at run time (the SysConfig of OTRS), typed and checked.

Stored as one row per changed setting; a setting never changed has its default here.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.tickets.identity.domain.passwords import MIN_LENGTH
from services.tickets.identity.domain.throttle import MAX_FAILURES, WINDOW, Throttle


class RuntimeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    password_min_length: int = Field(
        default=MIN_LENGTH, ge=8, le=128, description="Fewest characters of a new agent or customer password."
    )
    session_idle_minutes: int = Field(
        default=480, ge=5, le=10_080, description="A session (agent or customer) ends after this long unused."
    )
    session_max_minutes: int = Field(
        default=1_440, ge=5, le=43_200, description="A session ends this long after login, used or not."
    )
    login_max_failures: int = Field(
        default=MAX_FAILURES, ge=1, le=100, description="Failed logins of one account that lock it for the window."
    )
    login_window_minutes: int = Field(
        default=int(WINDOW.total_seconds() // 60), ge=1, le=1_440, description="The window of login_max_failures."
    )
    portal_ticket_creation: bool = Field(default=True, description="Customers may open tickets in the portal.")
    default_queue: str | None = Field(
        default=None,
        min_length=1,
        max_length=400,
        description="Where mail to no system address and portal tickets go; unset: the first valid queue.",
    )

    @model_validator(mode="after")
    def _idle_within_max(self) -> RuntimeSettings:
        if self.session_idle_minutes > self.session_max_minutes:
            raise ValueError("session_idle_minutes cannot exceed session_max_minutes")
        return self

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def session_max(self) -> timedelta:
        return timedelta(minutes=self.session_max_minutes)

    @property
    def throttle(self) -> Throttle:
        return Throttle(self.login_max_failures, timedelta(minutes=self.login_window_minutes))
