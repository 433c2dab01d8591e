"""``ingest.message.received`` on a real PostgreSQL: new tickets, follow-ups, repeats."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime

from sqlalchemy import func, select, update

from services.tickets.admin import load_demo
from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.tests.service.conftest import mail, outbox_events, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from services.tickets.ticketing.domain.numbering import check_digit
from services.tickets.ticketing.domain.states import DEFAULT_STATES, PRIORITIES
from shared.contracts.common import Attachment


async def test_a_mail_to_info_becomes_a_ticket_in_allgemein_with_an_auto_reply(service, database, settings):
    await load_demo(database, settings)
    event = mail(references=["<older@example.org>"])

    await service.handlers.handle(event)

    [ticket] = await rows(database, ticket_tables.tickets)
    today = datetime.now(UTC).strftime("%Y%m%d")
    assert re.fullmatch(rf"{today}10\d{{5}}\d", ticket.number) and ticket.number[10:15] == "00001"
    assert check_digit(ticket.number[:-1]) == int(ticket.number[-1])
    [queue] = await rows(database, directory_tables.queues, directory_tables.queues.c.id == ticket.queue_id)
    assert queue.name == "Allgemein"
    assert (ticket.title, ticket.priority, ticket.customer_email, ticket.customer_user) == (
        "Spende: ein Basketballkorb",
        3,
        "spender@example.org",
        "spender",
    )
    [article] = await rows(database, ticket_tables.articles)
    assert (article.sender_type, article.channel, article.message_id) == ("customer", "email", "<first@example.org>")
    history, *routing = await rows(database, ticket_tables.history)
    assert (history.type, history.actor) == ("NewTicket", "customer:spender@example.org")
    assert [(h.type, h.note) for h in routing] == [
        ("SystemRouting", "Queue Allgemein by recipient (system address)."),
        ("SystemRouting", "No ticket found by subject or In-Reply-To/References: new ticket."),
    ]

    [created] = await outbox_events(database)
    assert (created.type, created.key, created.sequence, created.causation_id) == (
        "ticket.created",
        str(ticket.id),
        1,
        event.id,
    )
    assert created.correlation_id == event.correlation_id
    assert created.data["number"] == ticket.number and created.data["queue"] == "Allgemein"
    reply = created.data["auto_reply"]["mail"]
    assert reply["from_address"] == "info@neudorf.example"
    assert reply["to"] == ["spender@example.org"]
    assert reply["subject"] == f"[Ticket#{ticket.number}] Spende: ein Basketballkorb"
    assert reply["in_reply_to"] == "<first@example.org>"
    assert reply["references"] == ["<older@example.org>", "<first@example.org>"]
    assert reply["auto_submitted"] == "auto-replied"
    assert ticket.number in reply["body_text"] and "Guten Tag Sam Spender" in reply["body_text"]
    assert "Basketballkorb spenden" not in reply["body_text"]  # never quote the sender
    assert created.data["auto_reply"]["inbound"]["envelope_from"] == "spender@example.org"


async def test_the_migration_seeds_the_default_states_and_priorities(database):
    seeded = {(r.name, r.type) for r in await rows(database, ticket_tables.ticket_states)}
    assert seeded == {(state.name, state.type.value) for state in DEFAULT_STATES}
    assert {r.id: r.name for r in await rows(database, ticket_tables.ticket_priorities)} == PRIORITIES


async def test_the_same_event_twice_makes_one_ticket(service, database):
    event = mail()
    await service.handlers.handle(event)
    await service.handlers.handle(event)
    assert len(await rows(database, ticket_tables.tickets)) == 1
    assert len(await outbox_events(database)) == 1


async def test_no_queue_yet_and_unknown_recipient_goes_to_a_postmaster_queue_without_auto_reply(service, database):
    await service.handlers.handle(mail(to=["someone@elsewhere.example"]))
    [ticket] = await rows(database, ticket_tables.tickets)
    [queue] = await rows(database, directory_tables.queues, directory_tables.queues.c.id == ticket.queue_id)
    assert queue.name == "Postmaster"
    [created] = await outbox_events(database)
    assert created.data["auto_reply"] is None


async def test_reply_with_the_hook_lands_on_the_same_ticket(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(mail())
    [ticket] = await rows(database, ticket_tables.tickets)

    reply = mail(
        subject=f"AW: [Ticket#{ticket.number}] Spende",
        message_id="<reply@example.org>",
        text_body="Der Korb ist 3,05 m hoch.",
    )
    await service.handlers.handle(reply)

    assert len(await rows(database, ticket_tables.tickets)) == 1
    articles = await rows(database, ticket_tables.articles)
    assert [a.message_id for a in articles] == ["<first@example.org>", "<reply@example.org>"]
    assert [h.type for h in await rows(database, ticket_tables.history) if h.type != "SystemRouting"] == [
        "NewTicket",
        "FollowUp",
    ]
    added = (await outbox_events(database))[-1]
    assert (added.type, added.sequence, added.data["follow_up"]) == ("ticket.article.added", 2, True)
    assert added.data["article_id"] == articles[1].id


async def test_reply_to_our_auto_reply_threads_by_in_reply_to(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(mail())
    [created] = await outbox_events(database)
    our_id = created.data["auto_reply"]["mail"]["message_id"]

    await service.handlers.handle(
        mail(subject="Re: Ihre Nachricht", message_id="<r2@example.org>", in_reply_to=our_id, references=[our_id])
    )

    assert len(await rows(database, ticket_tables.tickets)) == 1
    assert len(await rows(database, ticket_tables.articles)) == 2


async def test_follow_up_on_a_closed_ticket_reopens_it(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(mail())
    [ticket] = await rows(database, ticket_tables.tickets)
    await _set_state(database, ticket.id, "closed successful")

    await service.handlers.handle(mail(subject=f"Re: [Ticket#{ticket.number}]", message_id="<again@example.org>"))

    [reopened] = await rows(database, ticket_tables.tickets)
    [state] = await rows(database, ticket_tables.ticket_states, ticket_tables.ticket_states.c.id == reopened.state_id)
    assert state.name == "open"
    history = [h.type for h in await rows(database, ticket_tables.history) if h.type != "SystemRouting"]
    assert history == ["NewTicket", "FollowUp", "FollowUpStateUpdate"]


async def test_queue_policy_new_ticket_links_a_fresh_ticket(service, database, settings):
    await load_demo(database, settings)
    await service.handlers.handle(mail())
    [old] = await rows(database, ticket_tables.tickets)
    await _set_state(database, old.id, "closed successful")
    async with database.sessions() as session, session.begin():
        await session.execute(update(directory_tables.queues).values(follow_up_policy="new_ticket"))

    await service.handlers.handle(mail(subject=f"Re: [Ticket#{old.number}]", message_id="<later@example.org>"))

    tickets = await rows(database, ticket_tables.tickets)
    assert len(tickets) == 2
    new = next(t for t in tickets if t.id != old.id)
    assert new.number[10:15] == "00002"
    [link] = await rows(database, ticket_tables.ticket_links)
    assert (link.source_id, link.target_id) == (old.id, new.id)


async def test_attachments_are_stored_once_by_content_hash(service, database):
    content = b"%PDF-1.4 Spendenquittung"
    attachment = Attachment(
        filename="quittung.pdf",
        content_type="application/pdf",
        size=len(content),
        content_b64=base64.b64encode(content).decode(),
    )
    await service.handlers.handle(mail(attachments=[attachment]))
    await service.handlers.handle(
        mail(message_id="<other@example.org>", subject="noch einmal", attachments=[attachment])
    )
    assert len(await rows(database, ticket_tables.attachments)) == 2
    async with database.sessions() as session:
        assert (await session.execute(select(func.count()).select_from(ticket_tables.blobs))).scalar_one() == 1


async def _set_state(database, ticket_id: int, name: str) -> None:
    async with database.sessions() as session, session.begin():
        state_id = (
            await session.execute(
                select(ticket_tables.ticket_states.c.id).where(ticket_tables.ticket_states.c.name == name)
            )
        ).scalar_one()
        await session.execute(
            update(ticket_tables.tickets).where(ticket_tables.tickets.c.id == ticket_id).values(state_id=state_id)
        )


async def test_a_strangers_follow_up_is_kept_hidden_from_the_customer(service, database):
    await service.handlers.handle(mail(cc=["kassenwart@example.net"]))
    [ticket] = await rows(database, ticket_tables.tickets)
    for sender, message_id in (("kassenwart@example.net", "<cc@x>"), ("stranger@evil.example", "<evil@x>")):
        await service.handlers.handle(
            mail(subject=f"Re: [Ticket#{ticket.number}]", message_id=message_id, from_address=sender)
        )
    articles = {a.message_id: a for a in await rows(database, ticket_tables.articles)}
    assert articles["<cc@x>"].visible_for_customer is True
    assert articles["<evil@x>"].visible_for_customer is False
    notes = [h.note for h in await rows(database, ticket_tables.history) if h.type == "FollowUp"]
    assert "stranger@evil.example is not on this ticket" in notes[-1]
    added = (await outbox_events(database))[-1]
    assert added.data["visible_for_customer"] is False
