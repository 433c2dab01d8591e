"""``build(settings)``: the tickets service, assembled but not started."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from services.tickets import tables
from services.tickets.directory.app.system_addresses import announce_at_start
from services.tickets.http import create_app
from services.tickets.ticketing.app.delivery import DeliveryReport
from services.tickets.ticketing.app.intake import Intake
from services.tickets.ticketing.app.scheduler import Scheduler
from services.tickets.ticketing.domain.numbering import generator_for
from shared.contracts.ingest import MessageReceivedV1
from shared.contracts.notify import MailFailedV1, MailSentV1
from shared.db import Database
from shared.handlers import EventHandlers
from shared.runtime import Service
from shared.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: Settings, database: Database | None = None) -> Service:
    database = database or Database(settings.database_url("tickets"))
    numbering = generator_for(settings.ticket_number_generator, settings.system_id)
    intake = Intake(database, numbering, settings.ticket_hook, settings.follow_up_by_body_number)
    report = DeliveryReport(database)
    return Service(
        name="tickets",
        app=create_app(database, settings),
        database=database,
        outbox=tables.outbox,
        migrations=MIGRATIONS,
        handlers=EventHandlers({MessageReceivedV1: intake, MailSentV1: report, MailFailedV1: report}),
        background=(Scheduler(database, archive_after_days=settings.archive_after_days).run,),
        on_start=(partial(announce_at_start, database),),
    )
