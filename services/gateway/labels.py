"""Words the tickets API sends as codes (states, senders, channels, history types), shown translated.

Only the codes listed here are translated; anything else (a state an admin
named) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark a string for extraction into the catalog without translating it here."""
    return message


KNOWN = frozenset(
    {
        # states as OTRS names them
        N_("new"),
        N_("open"),
        N_("pending reminder"),
        N_("pending auto close+"),
        N_("pending auto close-"),
        N_("closed successful"),
        N_("closed unsuccessful"),
        N_("merged"),
        N_("removed"),
        # what a queue does with a follow-up on a closed ticket
        N_("reopen"),
        N_("reject"),
        N_("new_ticket"),
        # sender types and channels of articles
        N_("agent"),
        N_("system"),
        N_("customer"),
        N_("email"),
        N_("phone"),
        N_("note"),
        N_("portal"),
        # link types
        N_("normal"),
        N_("parent"),
        N_("child"),
        # delivery of outgoing mail
        N_("queued"),
        N_("deferred"),
        N_("sent"),
        N_("failed"),
        # history types
        N_("NewTicket"),
        N_("FollowUp"),
        N_("FollowUpRejected"),
        N_("SendAutoReply"),
        N_("SendAnswer"),
        N_("Delivery"),
        N_("AddNote"),
        N_("Move"),
        N_("Lock"),
        N_("Unlock"),
        N_("OwnerUpdate"),
        N_("ResponsibleUpdate"),
        N_("StateUpdate"),
        N_("PriorityUpdate"),
        N_("TitleUpdate"),
        N_("SetPendingTime"),
        N_("Link"),
        N_("Merged"),
        N_("Split"),
        N_("Unlink"),
        N_("Subscribe"),
        N_("Unsubscribe"),
        N_("Archive"),
        N_("Restore"),
    }
)


def label(value: str | None, gettext: Callable[[str], str]) -> str:
    if not value:
        return ""
    return gettext(value) if value in KNOWN else value
