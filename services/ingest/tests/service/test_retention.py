"""Raw mail retention with a controlled clock: parsed mail goes after N days, the rest stays."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select, update

from services.ingest.adapters.orm import raw_messages
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.commands import StoreRaw
from services.ingest.app.handlers import store_raw
from services.ingest.app.retention import prune_raw_mail
from services.ingest.domain.model import RawStatus
from services.ingest.tests.service.conftest import migrated
from shared.db import Database

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


async def stored(database: Database, status: RawStatus, parsed_days_ago: float | None) -> uuid.UUID:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "anna@example.org", "info@neudorf.example", "Frage"
    message["Message-ID"] = f"<{uuid.uuid4()}@example.org>"
    message.set_content("Wann ist Training?")
    raw_id = await store_raw(StoreRaw(message.as_bytes(), "smtp"), SqlIngestUnitOfWork(database))
    assert raw_id is not None
    parsed_at = None if parsed_days_ago is None else NOW - timedelta(days=parsed_days_ago)
    async with database.sessions() as session, session.begin():
        values = {"status": status, "parsed_at": parsed_at}
        await session.execute(update(raw_messages).where(raw_messages.c.id == raw_id).values(**values))
    return raw_id


async def test_parsed_mail_goes_after_the_retention_quarantined_and_unparsed_mail_stays(any_db_url: str) -> None:
    database = await migrated(any_db_url)
    try:
        old = [await stored(database, status, 30.01) for status in (RawStatus.PARSED, RawStatus.DUPLICATE)]
        old.append(await stored(database, RawStatus.IGNORED, 31))
        young = await stored(database, RawStatus.PARSED, 29.99)
        quarantined = await stored(database, RawStatus.QUARANTINED, 400)
        waiting = await stored(database, RawStatus.STORED, None)

        prune = prune_raw_mail(lambda: SqlIngestUnitOfWork(database), 30)
        assert await prune(NOW, 2) == 2  # one batch
        assert await prune(NOW, 2) == 1
        assert await prune(NOW, 2) == 0
        assert await prune_raw_mail(lambda: SqlIngestUnitOfWork(database), 0)(NOW + timedelta(days=999), 10) == 0
        async with database.sessions() as session:
            left = set((await session.execute(select(raw_messages.c.id))).scalars())
    finally:
        await database.dispose()
    assert left == {young, quarantined, waiting}
    assert not left & set(old)
