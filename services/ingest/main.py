"""``build(settings)``: the ingest service, wired but not started."""

from __future__ import annotations

import uuid
from pathlib import Path

from services.ingest.adapters.orm import outbox
from services.ingest.adapters.parser import ParserProcess
from services.ingest.app.handlers import store_raw
from services.ingest.app.unit_of_work import IngestUnitOfWork
from services.ingest.app.worker import ParseWorker
from services.ingest.entrypoints.http import create_app
from services.ingest.entrypoints.smtp import IntakeHandler, SmtpIntake
from shared.db import Database
from shared.runtime import Service
from shared.settings import Settings

NAME = "ingest"
MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: Settings) -> Service:
    database = Database(settings.database_url(NAME))
    parser = ParserProcess()
    worker = ParseWorker(database, parser.parse)

    async def store_smtp(raw: bytes, envelope_from: str | None, envelope_to: list[str]) -> uuid.UUID | None:
        stored = await store_raw(
            IngestUnitOfWork(database), raw, envelope_from=envelope_from, envelope_to=envelope_to, source="smtp"
        )
        worker.wake()
        return stored

    smtp = SmtpIntake(IntakeHandler(store_smtp), settings.smtp_host, settings.smtp_port, settings.smtp_max_message_size)
    return Service(
        name=NAME,
        app=create_app(database, settings.secret_key),
        database=database,
        outbox=outbox,
        migrations=MIGRATIONS,
        background=(smtp.serve, worker.run),
        on_stop=(parser.close,),
    )
