"""The event envelope every message on the bus carries.

The envelope is the only shape that crosses a service boundary; ``data`` holds a
versioned contract from :mod:`shared.contracts`. Consumers look at ``type`` and
``version`` and accept the versions they know.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Envelope(BaseModel):
    """A domain event as it travels: identity, causality and the payload."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    type: str = Field(examples=["ticket.created"])
    version: int = Field(ge=1, examples=[1])
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    source: str = Field(examples=["tickets"])
    correlation_id: uuid.UUID
    causation_id: uuid.UUID | None = None
    key: str | None = Field(
        default=None,
        description="The aggregate the event is about (e.g. a ticket id); events with the "
        "same key carry an increasing ``sequence``.",
    )
    sequence: int | None = Field(default=None, ge=0)
    data: dict[str, Any]

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("occurred_at must carry a time zone")
        return value.astimezone(UTC)

    @property
    def routing_key(self) -> str:
        return self.type

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, raw: str | bytes) -> Envelope:
        return cls.model_validate_json(raw)
