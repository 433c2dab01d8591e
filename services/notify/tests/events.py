"""Ticket events as the tickets service would publish them."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.contracts import new_event
from shared.contracts.common import OutboundMail
from shared.contracts.tickets import (
    ArticleAddedV1,
    AutoReply,
    InboundFlags,
    PendingReminderReachedV1,
    TicketCreatedV1,
    TicketSnapshot,
)
from shared.envelope import Envelope

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def outbound(to: str = "donor@example.org", *, message_id: str = "<reply.1@neudorf.example>", **kw) -> OutboundMail:  # type: ignore[no-untyped-def]
    values = {
        "from_address": "info@neudorf.example",
        "from_name": "SV Neudorf",
        "to": [to],
        "subject": "[Ticket#2026112810000011] Basketballkorb",
        "body_text": "Wie groß ist der Korb?",
        "message_id": message_id,
        "in_reply_to": "<donor.1@example.org>",
        "references": ["<donor.1@example.org>"],
    }
    values.update(kw)
    return OutboundMail(**values)


def ticket_created(
    ticket_id: int = 1, *, sender: str = "donor@example.org", queue_id: int = 1, **flags: object
) -> Envelope:
    inbound = InboundFlags(**{"envelope_from": sender, **flags})  # type: ignore[arg-type]
    mail = outbound(sender, message_id=f"<auto.{ticket_id}@neudorf.example>", auto_submitted="auto-replied")
    payload = TicketCreatedV1(
        ticket_id=ticket_id,
        ticket_version=1,
        number=f"20261128100000{ticket_id:02d}",
        title="Basketballkorb",
        queue_id=queue_id,
        queue="Allgemein",
        customer_email=sender,
        created_at=NOW,
        auto_reply=AutoReply(mail=mail, inbound=inbound),
    )
    return new_event(payload, source="tickets", key=str(ticket_id), sequence=1)


def article_added(
    ticket_id: int = 1, article_id: int = 2, *, queue_id: int = 1, mail: OutboundMail | None = None
) -> Envelope:
    payload = ArticleAddedV1(
        ticket_id=ticket_id,
        ticket_version=2,
        number=f"20261128100000{ticket_id:02d}",
        queue_id=queue_id,
        queue="Materialwart",
        article_id=article_id,
        sender_type="agent",
        channel="email",
        created_at=NOW,
        outbound_mail=mail or outbound(),
    )
    return new_event(payload, source="tickets", key=str(ticket_id), sequence=2)


def reminder(owner_email: str | None = "vorstand@mitglieder.neudorf.example") -> Envelope:
    snapshot = TicketSnapshot(
        queue_id=2,
        queue="Vorstand",
        state="pending reminder",
        state_type="pending reminder",
        priority=3,
        owner="vorstand" if owner_email else None,
        owner_email=owner_email,
        title="Vorstandssitzung",
    )
    payload = PendingReminderReachedV1(
        ticket_id=7, ticket_version=4, number="2026112810000071", ticket=snapshot, reached_at=datetime.now(UTC)
    )
    return new_event(payload, source="tickets", key="7", sequence=4)
