"""What the tickets service's customer API answers, as far as the portal reads it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.gateway.adapters.tickets_models import Article


class _Read(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Customer(_Read):
    login: str
    name: str = ""
    email: str = ""
    company: str | None = None


class CustomerLogin(_Read):
    token: str
    expires_at: datetime | None = None
    customer: Customer


class CustomerTicketSummary(_Read):
    number: str
    title: str = ""
    state: str = ""
    state_type: str = ""
    created_at: datetime | None = None
    changed_at: datetime | None = None


class CustomerTicketPage(_Read):
    total: int
    items: list[CustomerTicketSummary]


class CustomerTicket(CustomerTicketSummary):
    articles: list[Article] = Field(default_factory=list)
