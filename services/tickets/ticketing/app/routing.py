"""Where a new ticket from a mail goes, and why: ingest's ``routing`` applied, every decision explained.

Ingest names queues, states, agents as an administrator wrote them; what tickets cannot
resolve is not applied but said (an unknown queue keeps tickets' own choice: the queue of
the recipient's system address, else the default queue). The explanations become
``SystemRouting`` entries in the ticket's history, visible through the history API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.tickets.directory.app import runtime_settings
from services.tickets.directory.domain.records import AgentInfo, QueueInfo
from services.tickets.errors import Invalid
from services.tickets.ticketing.domain.follow_up import Decision, Outcome
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.model import normalize_tag
from services.tickets.ticketing.domain.states import DEFAULT_PRIORITY, DEFAULT_STATES, NEW, State, StateType
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts.ingest import Decision as IngestDecision
from shared.contracts.ingest import MessageReceivedV1, Routing

ROUTABLE_STATES = (StateType.NEW, StateType.OPEN, StateType.CLOSED)
"""A mail may open a ticket as new, open or closed; pending needs a time, merged a merge."""


@dataclass
class NewTicketPlan:
    queue: QueueInfo
    title: str
    state: State = NEW
    priority: int = DEFAULT_PRIORITY
    owner: AgentInfo | None = None
    ticket_type: str | None = None
    customer_email: str | None = None
    no_auto_reply: bool = False
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def decision_note(decision: IngestDecision) -> str:
    """One of ingest's decisions as a line of history: "routed by filter Finanzen: queue = …"."""
    text = f"Routed by {decision.rule} {decision.name}"
    if decision.field is not None:
        text += f": {decision.field} = {decision.value}"
    return text + (f" ({decision.detail})" if decision.detail else "") + "."


def threading_note(decision: Decision, number: str | None) -> str:
    """The threading decision, as tickets made it."""
    by = {
        "subject": "the ticket number in the subject",
        "references": "In-Reply-To/References",
        "body": "the ticket number in the body",
    }
    found = by.get(decision.found_by or "", "an earlier message")
    return {
        Outcome.FOLLOW_UP: f"Follow-up to {number} found by {found}.",
        Outcome.REOPEN: f"Follow-up to {number} found by {found}; the closed ticket is reopened.",
        Outcome.REJECT: f"Follow-up to {number} found by {found}; rejected, the ticket is closed.",
        Outcome.NEW_TICKET_AFTER_CLOSED: f"Follow-up to closed ticket {number} found by {found}: new ticket.",
        Outcome.NEW_TICKET: "No ticket found by subject or In-Reply-To/References: new ticket.",
    }[decision.outcome]


async def plan_new_ticket(uow: TicketsUnitOfWork, message: MessageReceivedV1) -> NewTicketPlan:
    routing = message.routing or Routing()
    recipients = [*message.to, *message.cc, *message.envelope_to]
    by_recipient = await uow.directory.queue_for_recipients(recipients)
    if by_recipient is not None and not message.is_bounce:
        queue = by_recipient
    else:
        queue = await uow.directory.default_queue((await runtime_settings.current(uow)).default_queue)
    title = (routing.title or message.subject).strip()
    plan = NewTicketPlan(queue=queue, title=title, no_auto_reply=routing.spam or message.is_bounce or message.imported)
    plan.customer_email = message.from_address or None
    plan.notes = [decision_note(d) for d in message.decisions]
    if message.imported:
        plan.notes.append("Imported from a mailbox: dated by its Date header, no auto-response.")
    if message.is_bounce:
        plan.notes.append(f"Bounce of no mail we know: kept in {queue.name} for review, no auto-response.")
    elif by_recipient is not None:
        plan.notes.append(f"Queue {queue.name} by recipient (system address).")
    else:
        plan.notes.append(f"Queue {queue.name}: no system address among the recipients, the default queue.")
    await _apply(uow, routing, plan)
    if message.import_state:
        await _import_state(uow, message.import_state, plan)
    return plan


async def _import_state(uow: TicketsUnitOfWork, name: str, plan: NewTicketPlan) -> None:
    """``umlauf import --state``: a state's name, or new/open/closed for the first default state of that type."""
    state = await uow.tickets.state_by_name(name)
    if state is None:
        default = next((s for s in DEFAULT_STATES if s.type.value == name), None)
        state = await uow.tickets.state_by_name(default.name) if default is not None else None
    if state is not None and state.type in ROUTABLE_STATES:
        plan.state = state
        plan.notes.append(f"Imported as {state.name}.")
    else:
        plan.notes.append(f"Import state {name!r} not applied (unknown, or needs more than a mail).")


async def _apply(uow: TicketsUnitOfWork, routing: Routing, plan: NewTicketPlan) -> None:
    """Each routing field that resolves is applied; each that does not is said."""
    notes = plan.notes
    if routing.queue:
        if (queue := await uow.directory.queue_by_name(routing.queue)) is not None:
            plan.queue = queue
            notes.append(f"Queue {queue.name} by ingest routing.")
        else:
            notes.append(f"Routed queue {routing.queue!r} does not exist: kept {plan.queue.name}.")
    if routing.state:
        state = await uow.tickets.state_by_name(routing.state)
        if state is not None and state.type in ROUTABLE_STATES:
            plan.state = state
        else:
            notes.append(f"Routed state {routing.state!r} not applied (unknown, or needs more than a mail).")
    if routing.priority is not None:
        plan.priority = routing.priority
    if routing.owner:
        agent = await uow.directory.agent_by_login(routing.owner)
        plan.owner = agent if agent is not None and agent.valid else None
        if plan.owner is None:
            notes.append(f"Routed owner {routing.owner!r} is no valid agent: not applied.")
    if routing.type:
        if await uow.tickets.type_exists(routing.type):
            plan.ticket_type = routing.type
        else:
            notes.append(f"Routed type {routing.type!r} does not exist: not applied.")
    if routing.customer:
        if "@" in routing.customer:
            plan.customer_email = routing.customer
        else:
            notes.append(f"Routed customer {routing.customer!r} is not an address: not applied.")
    for tag in routing.tags:
        try:
            plan.tags.append(normalize_tag(tag))
        except Invalid:
            notes.append(f"Routed tag {tag[:120]!r} is no valid tag: not applied.")
    if routing.spam:
        notes.append("Flagged as spam upstream: no auto-response.")


async def link_to_closed(uow: TicketsUnitOfWork, ticket_id: int, closed_id: int, actor: str, at: datetime) -> str:
    """The queue's policy made a new ticket for a follow-up to a closed one: link them; returns the old number."""
    closed = await uow.tickets.get(closed_id)
    await uow.tickets.link(closed_id, ticket_id, "normal")
    number = closed.number if closed else str(closed_id)
    note = f"Follow-up to closed ticket {number}: new ticket."
    await uow.tickets.add_history(ticket_id, HistoryType.LINK, actor, at, new=number, note=note)
    return number
