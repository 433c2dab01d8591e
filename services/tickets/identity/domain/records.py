"""What identity's repositories hand to the app layer: records, never rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ApiTokenInfo:
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime


@dataclass(frozen=True)
class Account:
    kind: str  # "agent" or "customer"
    id: int
    login: str
    email: str
    name: str
