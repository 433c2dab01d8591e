"""What the agent is told when tickets refuses something, beside the form that asked (message ids)."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.gateway.presentation.labels import N_

# What a refusal by tickets means to the agent, by status.
REFUSAL_MESSAGES = {
    403: N_("You are not allowed to do this in this queue."),
    404: N_("Not found, or you may not see it."),
    409: N_("This conflicts with the ticket as it is now."),
    422: N_("Some values are not valid."),
}
LOCKED = N_("This ticket is locked by %(agent)s; only an agent with full rights on its queue may change it.")
STALE = N_("This ticket was changed meanwhile. Below is the ticket as it is now; check it and try again.")
TEMPLATE_UNAVAILABLE = N_("This standard answer is not offered for this ticket's queue.")
NO_SUCH_ARTICLE = N_("This ticket has no such article.")


@dataclass(frozen=True)
class Notice:
    """A refused action, shown beside its form."""

    action: str
    message: str
    detail: str = ""
    variables: dict[str, str] = field(default_factory=dict)
