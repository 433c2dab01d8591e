"""The pipe command and mailbox imports store raw mail; the parse worker announces it."""

from __future__ import annotations

import io
import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from services.ingest.adapters.orm import outbox, raw_messages
from services.ingest.adapters.parser import ParserProcess
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.worker import ParseWorker
from services.ingest.entrypoints.mailbox_import import ImportReport, import_maildir, import_mbox
from services.ingest.entrypoints.pipe import EX_DATAERR, EX_OK, EX_TEMPFAIL, pipe
from services.ingest.settings import IngestSettings
from services.ingest.tests.service.conftest import migrated, outbox_count
from shared.contracts import parse
from shared.contracts.ingest import MessageReceivedV1
from shared.db import Database
from shared.envelope import Envelope


def mail(number: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"mitglied{number}@example.org"
    message["To"] = "info@neudorf.example"
    message["Subject"] = f"Beitrag {number}"
    message["Message-ID"] = f"<import-{number}@example.org>"
    message.set_content(f"Nachricht {number}")
    return message


async def rows(database: Database) -> list:  # type: ignore[type-arg]
    async with database.sessions() as session:
        return list((await session.execute(select(raw_messages).order_by(raw_messages.c.received_at))).all())


async def announce_all(database: Database) -> int:
    parser = ParserProcess()
    worker = ParseWorker(lambda: SqlIngestUnitOfWork(database), parser.parse)
    count = 0
    try:
        while await worker.run_once():
            count += 1
    finally:
        await parser.close()
    return count


async def test_pipe_stores_the_message_for_the_worker(pg_url: str) -> None:
    database = await migrated(pg_url)
    try:
        settings = IngestSettings(ingest_database_url=pg_url)
        stream = io.BytesIO(b"From anna@example.org Sat Nov 28 10:00:00 2026\n" + mail(1).as_bytes())
        code = await pipe(settings, stream, envelope_from="anna@example.org", envelope_to=["info@neudorf.example"])
        assert code == EX_OK
        (row,) = await rows(database)
        assert (row.source, row.envelope_from, row.envelope_to, row.status) == (
            "pipe",
            "anna@example.org",
            ["info@neudorf.example"],
            "stored",
        )
        assert row.raw == mail(1).as_bytes(), "the mbox From_ line is not part of the message"
        assert await announce_all(database) == 1
        (row,) = await rows(database)
        assert (row.status, row.message_id) == ("parsed", "<import-1@example.org>")
        assert await outbox_count(database) == 1
    finally:
        await database.dispose()


async def test_pipe_exit_codes(pg_url: str, sqlite_url: str) -> None:
    database = await migrated(pg_url)
    try:
        small_limit = IngestSettings(ingest_database_url=pg_url, smtp_max_message_size=100)
        assert await pipe(small_limit, io.BytesIO(mail(1).as_bytes())) == EX_DATAERR
        assert await rows(database) == []
    finally:
        await database.dispose()
    unmigrated = IngestSettings(ingest_database_url=sqlite_url)
    assert await pipe(unmigrated, io.BytesIO(mail(1).as_bytes())) == EX_TEMPFAIL


async def test_mbox_import_is_resumable_and_imports_each_message_once(pg_url: str, tmp_path: Path) -> None:
    database = await migrated(pg_url)
    box = mailbox.mbox(tmp_path / "archiv.mbox")
    for number in range(1, 4):
        box.add(mail(number))
    box.flush()
    box.close()
    settings = IngestSettings(ingest_database_url=pg_url)
    try:
        seen: list[tuple[int, int]] = []
        first = await import_mbox(settings, tmp_path / "archiv.mbox", progress=lambda d, t: seen.append((d, t)))
        assert first == ImportReport(imported=3, skipped=0, too_large=0)
        assert seen == [(1, 3), (2, 3), (3, 3)]
        again = await import_mbox(settings, tmp_path / "archiv.mbox")
        assert again == ImportReport(imported=0, skipped=3, too_large=0)
        assert await announce_all(database) == 3
        assert sorted(row.message_id for row in await rows(database)) == [
            f"<import-{n}@example.org>" for n in range(1, 4)
        ]
        assert {row.source for row in await rows(database)} == {"import"}
        assert await outbox_count(database) == 3
    finally:
        await database.dispose()


async def test_maildir_import(pg_url: str, tmp_path: Path) -> None:
    database = await migrated(pg_url)
    box = mailbox.Maildir(tmp_path / "Maildir")
    for number in (7, 8):
        box.add(mail(number))
    box.close()
    try:
        report = await import_maildir(
            IngestSettings(ingest_database_url=pg_url), tmp_path / "Maildir", envelope_to=["kasse@neudorf.example"]
        )
        assert report == ImportReport(imported=2, skipped=0, too_large=0)
        assert [row.envelope_to for row in await rows(database)] == [["kasse@neudorf.example"]] * 2
    finally:
        await database.dispose()


async def announced(database: Database) -> list[MessageReceivedV1]:
    async with database.sessions() as session:
        payloads = (await session.execute(select(outbox.c.payload).order_by(outbox.c.seq))).scalars().all()
    found = [parse(Envelope.from_json(payload)) for payload in payloads]
    assert all(isinstance(contract, MessageReceivedV1) for contract in found)
    return found  # type: ignore[return-value]


async def test_an_import_is_announced_as_imported_with_the_mails_own_date(pg_url: str, tmp_path: Path) -> None:
    """Issue 13: tickets needs to know it is history (no auto-response) and when it was written."""
    database = await migrated(pg_url)
    box = mailbox.mbox(tmp_path / "2019.mbox")
    dated = mail(1)
    dated["Date"] = "Mon, 04 Mar 2019 10:15:00 +0100"
    undated = mail(2)  # no Date header: tickets falls back to now
    garbled = mail(3)
    garbled["Date"] = "irgendwann im Frühjahr"
    for message in (dated, undated, garbled):
        box.add(message)
    box.flush()
    box.close()
    try:
        await import_mbox(IngestSettings(ingest_database_url=pg_url), tmp_path / "2019.mbox")
        assert await announce_all(database) == 3
        by_id = {event.message_id: event for event in await announced(database)}
        assert all(event.imported for event in by_id.values())
        assert by_id["<import-1@example.org>"].date == datetime(2019, 3, 4, 9, 15, tzinfo=UTC)
        assert by_id["<import-2@example.org>"].date is None
        assert by_id["<import-3@example.org>"].date is None
        # What comes in by pipe (or SMTP) is not an import.
        code = await pipe(
            IngestSettings(ingest_database_url=pg_url), io.BytesIO(bytes(mail(4))), envelope_from=None, envelope_to=None
        )
        assert code == EX_OK
        await announce_all(database)
        assert [e.imported for e in await announced(database) if e.message_id == "<import-4@example.org>"] == [False]
    finally:
        await database.dispose()


async def test_an_import_carries_the_state_it_was_asked_for(pg_url: str, tmp_path: Path) -> None:
    """``umlauf import maildir DIR --state closed``: the state survives storage until it is announced."""
    database = await migrated(pg_url)
    box = mailbox.Maildir(tmp_path / "Archiv")
    box.add(mail(5))
    box.close()
    try:
        report = await import_maildir(IngestSettings(ingest_database_url=pg_url), tmp_path / "Archiv", state="closed")
        assert report == ImportReport(imported=1, skipped=0, too_large=0)
        assert await announce_all(database) == 1
        [event] = await announced(database)
        assert (event.imported, event.import_state) == (True, "closed")
    finally:
        await database.dispose()
