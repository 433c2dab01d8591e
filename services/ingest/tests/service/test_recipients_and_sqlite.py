"""The RCPT seam, and the whole service on SQLite as in the embedded mode."""

from __future__ import annotations

import asyncio

import aiosmtplib
import pytest
from sqlalchemy import select

from services.ingest.adapters.orm import raw_messages
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.commands import StoreRaw
from services.ingest.app.handlers import store_raw
from services.ingest.entrypoints.smtp import IntakeHandler, SmtpIntake
from services.ingest.tests.service.conftest import listening, migrated, start_ingest
from tests.support import free_port, wait_until

RAW = b"From: anna@example.org\r\nSubject: Hallo\r\nMessage-ID: <sqlite@example.org>\r\n\r\nTraining?\r\n"


async def test_a_refused_recipient_gets_550_and_the_others_get_the_mail(pg_url: str) -> None:
    database = await migrated(pg_url)

    async def system_address(address: str) -> bool:
        return address.endswith("@neudorf.example")

    async def store(raw: bytes, sender: str | None, rcpts: list[str]):  # type: ignore[no-untyped-def]
        return await store_raw(StoreRaw(raw, "smtp", sender, rcpts), SqlIngestUnitOfWork(database))

    port = free_port()
    intake = asyncio.create_task(SmtpIntake(IntakeHandler(store, system_address), "127.0.0.1", port, 1 << 20).serve())
    try:
        await wait_until(lambda: listening(port))
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as client:
            with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
                await client.sendmail("anna@example.org", ["nobody@elsewhere.example"], RAW)
            errors, _ = await client.sendmail("anna@example.org", ["info@neudorf.example", "x@elsewhere.example"], RAW)
        assert errors["x@elsewhere.example"].code == 550
        async with database.sessions() as session:
            stored = (await session.execute(select(raw_messages.c.envelope_to))).scalars().all()
        assert stored == [["info@neudorf.example"]]
    finally:
        intake.cancel()
        await asyncio.gather(intake, return_exceptions=True)
        await database.dispose()


async def test_the_service_on_sqlite(sqlite_url: str) -> None:
    runtime, ingest = await start_ingest(sqlite_url)
    try:
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port) as client:
            await client.sendmail("anna@example.org", ["info@neudorf.example"], RAW)
        ((envelope, event),) = await ingest.wait_for_events(1)
        assert event.message_id == "<sqlite@example.org>" and event.subject == "Hallo"
        (row,) = await ingest.raw_rows()
        assert (row.status, row.event_id) == ("parsed", envelope.id)
    finally:
        await runtime.stop()
