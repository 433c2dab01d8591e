"""``ingest.message.received``: a new ticket, a follow-up, or what the queue's policy says.

Stages as in OTRS's PostMaster: follow-up check (subject hook, then
``In-Reply-To``/``References``, then — when switched on — the hook and number in the
text body), then the closed-ticket policy, else a new ticket in the queue of the
first system address among the recipients. Each outcome gets the queue's
auto-response of its kind; a follow-up from a sender who is not on the ticket gets
none (he would learn the ticket's title from it). An imported mail (``umlauf import``)
keeps its own ``Date:``, is never answered, and attaches to its ticket even when
that is closed, without reopening it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime

from services.tickets.ticketing.app import bounces, change_events, events, follow_up_state, routing
from services.tickets.ticketing.app.auto_reply import prepare_auto_reply
from services.tickets.ticketing.app.creation import create_ticket
from services.tickets.ticketing.domain import follow_up
from services.tickets.ticketing.domain.articles import Article, Channel, NewAttachment, SenderType
from services.tickets.ticketing.domain.auto_responses import kind_for
from services.tickets.ticketing.domain.follow_up import Candidate, Decision, Outcome
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.numbering import NumberGenerator, numbers_in_subject
from services.tickets.unit_of_work import TicketsUnitOfWork, UnitOfWorkFactory
from shared.contracts.ingest import MessageReceivedV1
from shared.envelope import Envelope

CONSUMER = "tickets"


@dataclass(frozen=True)
class Intake:
    unit_of_work: UnitOfWorkFactory
    numbering: NumberGenerator
    hook: str
    follow_up_by_body: bool = False
    """``UMLAUF_FOLLOW_UP_BY_BODY_NUMBER``: look for the hook and number in the text body too."""

    async def __call__(self, message: MessageReceivedV1, envelope: Envelope) -> None:
        async with self.unit_of_work() as uow:
            if not await uow.claim(CONSUMER, envelope):
                return
            if message.is_bounce:  # never a follow-up (no reopening), never answered
                if not await bounces.attach_bounce(uow, envelope, message, _article(message)):
                    await self._new_ticket(uow, envelope, message, Decision(Outcome.NEW_TICKET))
                await uow.commit()
                return
            decision = await self._decide(uow, message)
            if decision.outcome in (Outcome.FOLLOW_UP, Outcome.REOPEN, Outcome.REJECT):
                await self._follow_up(uow, envelope, message, decision)
            else:
                await self._new_ticket(uow, envelope, message, decision)
            await uow.commit()

    async def _candidate(self, uow: TicketsUnitOfWork, ticket_id: int | None) -> Candidate | None:
        ticket = await uow.tickets.get(ticket_id) if ticket_id is not None else None
        for _ in range(10):  # a merged ticket's follow-ups land on the ticket it was merged into
            if ticket is None or ticket.merged_into_id is None:
                break
            ticket = await uow.tickets.get(ticket.merged_into_id)
        if ticket is None or ticket.id is None:
            return None
        queue = await uow.directory.queue(ticket.queue_id)
        assert queue is not None
        return Candidate(ticket.id, ticket.state.type, queue.follow_up_policy)

    async def _by_number(self, uow: TicketsUnitOfWork, text: str) -> Candidate | None:
        """The first of our ticket numbers after the hook in ``text`` that names a ticket."""
        for number in numbers_in_subject(text, self.hook, self.numbering):
            if (candidate := await self._candidate(uow, await uow.tickets.id_by_number(number))) is not None:
                return candidate
        return None

    async def _decide(self, uow: TicketsUnitOfWork, message: MessageReceivedV1) -> Decision:
        by_subject = await self._by_number(uow, message.subject)
        refs = follow_up.reference_ids(message.in_reply_to, message.references)
        by_references = await self._candidate(uow, await uow.tickets.id_by_message_ids(refs))
        by_body = None
        if self.follow_up_by_body and by_subject is None and by_references is None:
            by_body = await self._by_number(uow, message.text_body)
        decision = follow_up.decide(by_subject, by_references, by_body)
        if message.imported and decision.ticket_id is not None:  # history: attach, never reopen or reject
            return Decision(Outcome.FOLLOW_UP, decision.ticket_id, decision.found_by)
        return decision

    async def _follow_up(
        self, uow: TicketsUnitOfWork, envelope: Envelope, message: MessageReceivedV1, decision: Decision
    ) -> None:
        assert decision.ticket_id is not None
        ticket = await uow.tickets.get(decision.ticket_id, for_update=True)
        assert ticket is not None
        article = _article(message)
        actor = _actor(message)
        assert ticket.id is not None
        known = await uow.articles.participants(ticket.id) | await uow.directory.agent_emails()
        trusted = follow_up.is_trusted_sender(message.from_address, ticket.customer_email, known)
        queue = await uow.directory.queue(ticket.queue_id)
        assert queue is not None
        if decision.outcome is Outcome.REJECT:
            ticket.keep_rejected(article, actor)
        else:
            reopen = decision.outcome is Outcome.REOPEN
            target = await follow_up_state.of_queue(uow, queue)
            ticket.add_follow_up(article, actor, reopen=reopen, trusted=trusted, follow_up_state=target)
        changed = change_events.pending(ticket)
        await uow.tickets.save(ticket)
        note = routing.threading_note(decision, ticket.number)
        await uow.tickets.add_history(ticket.id, HistoryType.ROUTING, "system", article.created_at, note=note)
        await change_events.announce(uow, ticket, changed, actor=actor, at=article.created_at, causation=envelope)
        auto_reply = None
        if trusted and not _spam(message) and not message.imported:
            kind = kind_for(decision.outcome)
            auto_reply = await prepare_auto_reply(uow, queue, kind, ticket, message, self.hook)
        uow.emit(
            events.article_added(ticket, queue, article, follow_up=True, auto_reply=auto_reply, causation=envelope)
        )

    async def _new_ticket(
        self, uow: TicketsUnitOfWork, envelope: Envelope, message: MessageReceivedV1, decision: Decision
    ) -> None:
        plan = await routing.plan_new_ticket(uow, message)
        queue, article, actor = plan.queue, _article(message), _actor(message)
        ticket = await create_ticket(
            uow,
            self.numbering,
            title=plan.title,
            queue_id=queue.id,
            first=article,
            customer_email=plan.customer_email,
            actor=actor,
            state=plan.state,
            priority=plan.priority,
        )
        assert ticket.id is not None
        if plan.owner is not None:
            ticket.set_owner(plan.owner.id, None, plan.owner.login, actor, article.created_at)
        if plan.ticket_type is not None:
            ticket.set_type(plan.ticket_type, actor, article.created_at)
        for tag in plan.tags:
            ticket.tag(tag, True, actor, article.created_at)
        await uow.tickets.save(ticket)
        closed_number = None
        if decision.outcome is Outcome.NEW_TICKET_AFTER_CLOSED and decision.ticket_id is not None:
            closed_number = await routing.link_to_closed(uow, ticket.id, decision.ticket_id, actor, article.created_at)
        for note in [*plan.notes, routing.threading_note(decision, closed_number)]:
            await uow.tickets.add_history(ticket.id, HistoryType.ROUTING, "system", article.created_at, note=note)
        auto_reply = None
        if not plan.no_auto_reply:
            kind = kind_for(decision.outcome)
            auto_reply = await prepare_auto_reply(uow, queue, kind, ticket, message, self.hook)
        uow.emit(
            events.ticket_created(
                ticket, queue, origin=message.channel, created_by=actor, auto_reply=auto_reply, causation=envelope
            )
        )


def _spam(message: MessageReceivedV1) -> bool:
    return message.routing is not None and message.routing.spam


def _actor(message: MessageReceivedV1) -> str:
    return f"customer:{message.from_address}" if message.from_address else "system"


def _created_at(message: MessageReceivedV1) -> datetime:
    """An imported mail keeps its own date (history stays history); anything else is dated now."""
    if message.imported and message.date is not None:
        return message.date.astimezone(UTC)
    return datetime.now(UTC)


def _article(message: MessageReceivedV1) -> Article:
    channel = Channel(message.channel) if message.channel in {c.value for c in Channel} else Channel.EMAIL
    return Article(
        sender_type=SenderType.CUSTOMER,
        channel=channel,
        created_at=_created_at(message),
        created_by=_actor(message),
        from_address=message.from_address or None,
        to=list(message.to),
        cc=list(message.cc),
        subject=message.subject,
        body_text=message.text_body,
        body_html=message.html_body,
        message_id=message.message_id,
        in_reply_to=message.in_reply_to,
        references=list(message.references),
        attachments=[
            NewAttachment(a.filename, a.content_type, base64.b64decode(a.content_b64), a.content_id, a.inline)
            for a in message.attachments
        ],
    )
