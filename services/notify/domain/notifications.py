"""Mails to agents (not customers): the pending reminder to the ticket's owner.

Automatic by nature (``Auto-Submitted: auto-generated``, RFC 3834), so no
auto-responder answers it and our own intake would not open a ticket for it.
The Message-ID is derived from the event's id: a redelivered event builds the
same mail, and the inbox claim keeps it to one.
"""

from __future__ import annotations

import uuid

from shared.contracts.common import OutboundMail
from shared.contracts.tickets import PendingReminderReachedV1


def reminder_mail(event: PendingReminderReachedV1, event_id: uuid.UUID, sender: str) -> OutboundMail | None:
    """The reminder to the owner; ``None`` when the ticket has no owner with an address."""
    ticket = event.ticket
    if not ticket.owner_email:
        return None
    domain = sender.rpartition("@")[2] or "localhost"
    body = (
        f"Die Erinnerungszeit für Ticket {event.number} ist erreicht.\n"
        f"The reminder time of ticket {event.number} has been reached.\n\n"
        f"Titel/Title: {ticket.title}\n"
        f"Queue: {ticket.queue}\n"
        f"Status: {ticket.state}\n"
    )
    return OutboundMail(
        from_address=sender,
        from_name="Umlauf",
        to=[ticket.owner_email],
        subject=f"[Ticket#{event.number}] Erinnerung: {ticket.title}",
        body_text=body,
        message_id=f"<reminder.{event_id}@{domain}>",
        auto_submitted="auto-generated",
    )
