"""``build(settings)``: the tickets service, assembled but not started."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from services.tickets.adapters import orm
from services.tickets.app.delivery import DeliveryReport
from services.tickets.app.intake import Intake
from services.tickets.app.scheduler import Scheduler
from services.tickets.app.system_addresses import announce_at_start
from services.tickets.domain.numbering import generator_for
from services.tickets.entrypoints.http import create_app
from services.tickets.settings import TicketsSettings
from shared.contracts.ingest import MessageReceivedV1
from shared.contracts.notify import MailFailedV1, MailSentV1
from shared.db import Database
from shared.handlers import EventHandlers
from shared.runtime import Service

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: TicketsSettings, database: Database | None = None) -> Service:
    database = database or Database(settings.database_url("tickets"))
    numbering = generator_for(settings.ticket_number_generator, settings.system_id)
    intake = Intake(database, numbering, settings.ticket_hook, settings.follow_up_by_body_number)
    report = DeliveryReport(database)
    return Service(
        name="tickets",
        app=create_app(database, settings),
        database=database,
        outbox=orm.outbox,
        inbox=orm.inbox,
        migrations=MIGRATIONS,
        handlers=EventHandlers({MessageReceivedV1: intake, MailSentV1: report, MailFailedV1: report}),
        background=(Scheduler(database, archive_after_days=settings.archive_after_days).run,),
        on_start=(partial(announce_at_start, database),),
    )
