"""``notify.mail.sent`` / ``notify.mail.failed`` recorded on the ticket."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import event, update

from services.tickets.tests.service.conftest import mail, rows
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.contracts import new_event
from shared.contracts.notify import MailFailedV1, MailSentV1


def _outcome(contract, **fields):
    base = {
        "mail_id": uuid.uuid4(),
        "message_id": "<out@neudorf.example>",
        "to": ["spender@example.org"],
        "transport": "smtp",
    }
    return new_event(contract(**base, **fields), source="notify")


async def test_auto_reply_result_is_a_history_entry(service, database):
    await service.handlers.handle(mail())
    [ticket] = await rows(database, ticket_tables.tickets)
    sent = _outcome(
        MailSentV1, purpose="auto_reply", ticket_id=ticket.id, sent_at=datetime.now(UTC), server_reply="250 OK"
    )
    await service.handlers.handle(sent)
    await service.handlers.handle(sent)  # a repeat is skipped
    entries = [h for h in await rows(database, ticket_tables.history) if h.type == "SendAutoReply"]
    assert len(entries) == 1
    assert entries[0].new == "sent" and "spender@example.org" in entries[0].note


async def test_article_delivery_keeps_the_final_result(service, database):
    await service.handlers.handle(mail())
    [ticket] = await rows(database, ticket_tables.tickets)
    [article] = await rows(database, ticket_tables.articles)
    async with database.sessions() as session, session.begin():
        await session.execute(update(ticket_tables.articles).values(delivery_status="queued"))
    now = datetime.now(UTC)
    common = {"purpose": "article", "ticket_id": ticket.id, "article_id": article.id}
    await service.handlers.handle(_outcome(MailFailedV1, **common, failed_at=now, error="451 try later", final=False))
    [deferred] = await rows(database, ticket_tables.articles)
    assert (deferred.delivery_status, deferred.delivery_detail) == ("deferred", "451 try later")
    await service.handlers.handle(_outcome(MailSentV1, **common, sent_at=now, server_reply="250 queued"))
    await service.handlers.handle(_outcome(MailFailedV1, **common, failed_at=now, error="451 late report", final=False))
    [sent] = await rows(database, ticket_tables.articles)
    assert (sent.delivery_status, sent.delivery_detail) == ("sent", "250 queued")


async def test_an_auto_reply_result_does_not_load_the_ticket(service, database):
    """Issue 15: one report per auto-reply in a burst; the ticket is checked, not loaded with its tags."""
    await service.handlers.handle(mail())
    [ticket] = await rows(database, ticket_tables.tickets)
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", seen)
    try:
        await service.handlers.handle(
            _outcome(MailSentV1, purpose="auto_reply", ticket_id=ticket.id, sent_at=datetime.now(UTC))
        )
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", seen)
    assert not [s for s in statements if "ticket_tags" in s or "ticket_states" in s]
    ticket_reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM tickets" in s]
    assert len(ticket_reads) == 1
    assert [h.type for h in await rows(database, ticket_tables.history)].count("SendAutoReply") == 1


async def test_an_auto_reply_result_for_an_unknown_ticket_records_nothing(service, database):
    await service.handlers.handle(
        _outcome(MailSentV1, purpose="auto_reply", ticket_id=987654, sent_at=datetime.now(UTC))
    )
    assert not [h for h in await rows(database, ticket_tables.history) if h.type == "SendAutoReply"]
