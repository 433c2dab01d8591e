"""Words the tickets API sends as codes (states, senders, channels, history types), shown translated.

Only the codes listed here are translated; anything else (a state an admin
named) is shown as it is. History types are CamelCase codes (``SendAnswer``), so
they get an English wording of their own, which the catalogs translate.
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
    }
)


# history type (as tickets writes it) -> what the agent reads
HISTORY = {
    "NewTicket": N_("Ticket created"),
    "FollowUp": N_("Follow-up received"),
    "FollowUpRejected": N_("Follow-up rejected"),
    "SendAutoReply": N_("Auto reply sent"),
    "SendAnswer": N_("Answer sent"),
    "Forward": N_("Forwarded"),
    "AddNote": N_("Note added"),
    "Move": N_("Moved"),
    "Lock": N_("Locked"),
    "Unlock": N_("Unlocked"),
    "OwnerUpdate": N_("Owner changed"),
    "ResponsibleUpdate": N_("Responsible changed"),
    "StateUpdate": N_("State changed"),
    "PriorityUpdate": N_("Priority changed"),
    "TitleUpdate": N_("Title changed"),
    "TypeUpdate": N_("Type changed"),
    "CustomerUpdate": N_("Customer changed"),
    "SetPendingTime": N_("Pending time set"),
    "Link": N_("Linked"),
    "Unlink": N_("Link removed"),
    "Merged": N_("Merged"),
    "Split": N_("Split"),
    "Subscribe": N_("Watching started"),
    "Unsubscribe": N_("Watching ended"),
    "Archive": N_("Archived"),
    "Restore": N_("Restored"),
    "TagAdd": N_("Tag added"),
    "TagRemove": N_("Tag removed"),
    "SystemRouting": N_("Routed by the system"),
    "FollowUpStateUpdate": N_("State changed by the customer's follow-up"),
}


# state type -> what a customer reads in the portal; internal state names never reach him
CUSTOMER_STATES = {
    "new": N_("open"),
    "open": N_("open"),
    "pending reminder": N_("waiting for you"),
    "pending auto": N_("waiting for you"),
    "closed": N_("closed"),
    "merged": N_("closed"),
    "removed": N_("closed"),
}


def customer_state(state_type: str | None, gettext: Callable[[str], str]) -> str:
    """A ticket's state as the portal shows it: open, waiting for you or closed, by its state type."""
    return gettext(CUSTOMER_STATES.get(state_type or "", N_("open")))


def label(value: str | None, gettext: Callable[[str], str]) -> str:
    if not value:
        return ""
    if value in HISTORY:
        return gettext(HISTORY[value])
    return gettext(value) if value in KNOWN else value
