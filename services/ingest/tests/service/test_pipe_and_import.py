"""The pipe command and mailbox imports store raw mail; the parse worker announces it."""

from __future__ import annotations

import io
import mailbox
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from services.ingest.adapters.orm import raw_messages
from services.ingest.adapters.parser import ParserProcess
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.worker import ParseWorker
from services.ingest.entrypoints.mailbox_import import ImportReport, import_maildir, import_mbox
from services.ingest.entrypoints.pipe import EX_DATAERR, EX_OK, EX_TEMPFAIL, pipe
from services.ingest.settings import IngestSettings
from services.ingest.tests.service.conftest import migrated, outbox_count
from shared.db import Database


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
