"""Events published by the ingest service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import Contract, register
from shared.contracts.common import Attachment, Header


class Routing(BaseModel):
    """What ingest's rules ask the tickets service to apply; ``None`` (or empty) means no opinion.

    Values are names as an administrator writes them (a queue's full name with
    ``::``, a state's or type's name, an agent's login, a customer user's login or
    email address); tickets resolves them and records in the ticket's history what
    it could not apply.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    queue: str | None = Field(default=None, examples=["Vorstand::Schatzmeister"])
    priority: int | None = Field(default=None, ge=1, le=5, description="1 (very low) to 5 (very high).")
    state: str | None = Field(default=None, examples=["open"])
    type: str | None = Field(default=None, examples=["Incident"])
    title: str | None = Field(default=None, description="Replaces the subject as the new ticket's title.")
    customer: str | None = Field(default=None, description="Customer user (login or email address).")
    owner: str | None = Field(default=None, description="Agent login.")
    tags: list[str] = Field(default=[], description="Added to the ticket's tags.")
    spam: bool = Field(default=False, description="An upstream filter flagged the message as spam.")


class Decision(BaseModel):
    """One step of ingest's routing, so that every decision can be explained.

    ``rule`` is one of: ``account`` (the mail account maps to a queue),
    ``header`` (an ``X-Umlauf-*``/``X-OTRS-*``/``X-OTOBO-*`` header honoured from a
    trusted source), ``stripped`` (such headers removed from an untrusted source;
    ``detail`` lists them), ``spam`` (an upstream spam flag), ``filter`` (a
    postmaster filter matched). Consumers must accept rules they do not know.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    rule: str = Field(examples=["filter"])
    name: str = Field(description="Which account, header, spam flag or filter.", examples=["Finanzen"])
    field: str | None = Field(default=None, description="The Routing field it set, if any.", examples=["queue"])
    value: str | None = Field(default=None, description="The value it set, as text.")
    detail: str = ""


@register
class MessageReceivedV1(Contract):
    """An inbound message was stored raw and parsed.

    Ingest only reports what it read; the tickets service decides whether it is a
    new ticket, a follow-up or a reject.
    """

    TYPE: ClassVar[str] = "ingest.message.received"
    VERSION: ClassVar[int] = 1

    raw_message_id: uuid.UUID
    channel: str = Field(default="email", examples=["email"])
    received_at: datetime
    envelope_from: str | None = Field(
        default=None, description="SMTP MAIL FROM; an empty string is the null sender of a bounce."
    )
    envelope_to: list[str] = []
    from_address: str = ""
    from_name: str | None = None
    reply_to: list[str] = []
    to: list[str] = []
    cc: list[str] = []
    subject: str = ""
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = []
    date: datetime | None = None
    text_body: str = ""
    html_body: str | None = Field(default=None, description="Sanitized HTML (nh3).")
    attachments: list[Attachment] = []
    headers: list[Header] = Field(default=[], description="All headers, decoded, in order.")
    auto_submitted: bool = Field(default=False, description="Auto-Submitted other than 'no', or similar.")
    is_bounce: bool = False
    is_list: bool = Field(default=False, description="List-Id or Precedence: bulk/junk/list.")
    parse_problems: list[str] = Field(
        default=[], description="Defects met while parsing; when non-empty the raw message is attached."
    )
    routing: Routing | None = Field(
        default=None, description="What accounts, trusted headers, spam flags and filters ask tickets to apply."
    )
    decisions: list[Decision] = Field(default=[], description="Why ``routing`` is what it is, in the order applied.")
    imported: bool = Field(
        default=False,
        description="From a mailbox import (umlauf import): history, so its own date counts and nobody is answered.",
    )
    import_state: str | None = Field(
        default=None,
        description="umlauf import --state: the new ticket's state, a state's name or new/open/closed.",
        examples=["closed"],
    )
