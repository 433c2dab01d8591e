"""Nothing is lost after 250, and nothing is announced twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy import select

from services.ingest.adapters.orm import raw_messages
from services.ingest.adapters.parser import ParserProcess
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.commands import StoreRaw
from services.ingest.app.handlers import announce, claim_next, store_raw
from services.ingest.app.worker import ParseWorker
from services.ingest.domain.parsing import parse_message
from services.ingest.entrypoints.smtp import IntakeHandler, SmtpIntake
from services.ingest.tests.service.conftest import RunningIngest, listening, migrated, outbox_count
from shared.db import Database
from tests.support import free_port, wait_until


def mail(message_id: str, received: str = "mx1") -> bytes:
    message = EmailMessage()
    message["Received"] = f"from {received}.example.net"
    message["From"] = "anna@example.org"
    message["To"] = "info@neudorf.example"
    message["Subject"] = "Frage"
    message["Message-ID"] = message_id
    message.set_content("Wann ist Training?")
    return message.as_bytes()


async def test_a_message_answered_250_is_announced_by_a_worker_started_later(any_db_url: str) -> None:
    """The intake alone (as if the process died right after 250), then a fresh worker."""
    database = await migrated(any_db_url)

    async def store(raw: bytes, sender: str | None, rcpts: list[str]):  # type: ignore[no-untyped-def]
        return await store_raw(StoreRaw(raw, "smtp", sender, rcpts), SqlIngestUnitOfWork(database))

    port = free_port()
    intake = asyncio.create_task(SmtpIntake(IntakeHandler(store), "127.0.0.1", port, 1 << 20).serve())
    try:
        await wait_until(lambda: listening(port))
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as client:
            await client.sendmail("anna@example.org", ["info@neudorf.example"], mail("<late@example.org>"))
    finally:
        intake.cancel()
        await asyncio.gather(intake, return_exceptions=True)
    await database.dispose()

    database = Database(any_db_url)  # "after the restart"
    try:
        parser = ParserProcess()
        worker = ParseWorker(lambda: SqlIngestUnitOfWork(database), parser.parse)
        try:
            assert await worker.run_once() is True
            assert await worker.run_once() is False
        finally:
            await parser.close()
        async with database.sessions() as session:
            row = (await session.execute(select(raw_messages))).one()
        assert (row.status, row.message_id, row.attempts) == ("parsed", "<late@example.org>", 1)
        assert row.event_id is not None
    finally:
        await database.dispose()


async def test_the_same_message_delivered_twice_is_announced_once(ingest: RunningIngest) -> None:
    for hop in ("mx1", "mx2"):
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port) as client:
            await client.sendmail("anna@example.org", ["info@neudorf.example"], mail("<twice@example.org>", hop))
    await wait_until(lambda: _all_done(ingest))
    first, second = await ingest.raw_rows()
    assert (first.status, second.status) == ("parsed", "duplicate")
    assert second.duplicate_of == first.id and second.event_id is None
    ((_, event),) = await ingest.events()
    assert event.raw_message_id == first.id


async def _all_done(ingest: RunningIngest) -> bool:
    rows = await ingest.raw_rows()
    return len(rows) == 2 and all(row.status != "stored" for row in rows)


async def test_a_second_announcement_of_one_message_rolls_back_and_leaves_no_outbox_row(pg_url: str) -> None:
    """Two workers that both parsed one message (an expired lease): only the first one's event stays."""
    database = await migrated(pg_url)
    try:
        command = StoreRaw(mail("<once@example.org>"), "smtp", "a@example.org", ["info@neudorf.example"])
        await store_raw(command, SqlIngestUnitOfWork(database))
        message = await claim_next(timedelta(seconds=0), SqlIngestUnitOfWork(database))
        again = await claim_next(timedelta(minutes=5), SqlIngestUnitOfWork(database))
        assert message is not None and again is not None and again.id == message.id
        parsed = parse_message(message.raw, message.envelope_from)
        assert await announce(again, parsed, SqlIngestUnitOfWork(database)) == "parsed"
        assert await announce(message, parsed, SqlIngestUnitOfWork(database)) is None
        assert await outbox_count(database) == 1
    finally:
        await database.dispose()


async def test_a_message_that_kept_killing_the_parser_is_quarantined_and_announced(pg_url: str) -> None:
    database = await migrated(pg_url)
    try:
        raw = mail("<poison@example.org>")
        await store_raw(StoreRaw(raw, "smtp", "a@example.org", ["x@y"]), SqlIngestUnitOfWork(database))
        for _ in range(3):  # three workers claimed it and died while parsing
            assert await claim_next(timedelta(seconds=0), SqlIngestUnitOfWork(database)) is not None

        async def never(raw: bytes, envelope_from: str | None):  # type: ignore[no-untyped-def]
            raise AssertionError("a quarantined message is not parsed again")

        assert await ParseWorker(lambda: SqlIngestUnitOfWork(database), never, max_attempts=3).run_once()
        async with database.sessions() as session:
            row = (await session.execute(select(raw_messages))).one()
        assert row.status == "quarantined"
        assert row.parse_problems == ["quarantined: parsing did not finish in 3 attempts"]
    finally:
        await database.dispose()


async def test_storage_failure_answers_451_so_the_sender_retries(sqlite_url: str) -> None:
    database = Database(sqlite_url)  # never migrated: the insert fails

    async def store(raw: bytes, sender: str | None, rcpts: list[str]):  # type: ignore[no-untyped-def]
        return await store_raw(StoreRaw(raw, "smtp", sender, rcpts), SqlIngestUnitOfWork(database))

    port = free_port()
    intake = asyncio.create_task(SmtpIntake(IntakeHandler(store), "127.0.0.1", port, 1 << 20).serve())
    try:
        await wait_until(lambda: listening(port))
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as client:
            await client.mail("a@example.org")
            await client.rcpt("info@neudorf.example")
            try:
                await client.data(mail("<lost@example.org>"))
            except aiosmtplib.SMTPDataError as exc:
                assert exc.code == 451
            else:
                raise AssertionError("expected 451")
    finally:
        intake.cancel()
        await asyncio.gather(intake, return_exceptions=True)
        await database.dispose()
