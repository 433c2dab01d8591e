"""Wires the tickets service: handlers with their dependencies, as plain arguments.

Everything that touches storage gets a unit-of-work factory; tests pass one that
returns a fake (``tests/unit/fakes.py``), the service one that opens a transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from services.tickets.directory.app.system_addresses import announce_at_start
from services.tickets.settings import TicketsSettings
from services.tickets.ticketing.app.delivery import DeliveryReport
from services.tickets.ticketing.app.intake import Intake
from services.tickets.ticketing.app.scheduler import Scheduler
from services.tickets.ticketing.domain.numbering import generator_for
from services.tickets.unit_of_work import UnitOfWorkFactory
from shared.contracts.ingest import MessageReceivedV1
from shared.contracts.notify import MailFailedV1, MailSentV1
from shared.handlers import EventHandlers


@dataclass(frozen=True)
class Wiring:
    handlers: EventHandlers
    """The bus handlers, by contract."""
    scheduler: Scheduler
    announce_addresses: Callable[[], Awaitable[None]]
    """The start hook: one snapshot of the system addresses."""


def bootstrap(settings: TicketsSettings, unit_of_work: UnitOfWorkFactory) -> Wiring:
    numbering = generator_for(settings.ticket_number_generator, settings.system_id)
    intake = Intake(unit_of_work, numbering, settings.ticket_hook, settings.follow_up_by_body_number)
    report = DeliveryReport(unit_of_work)
    return Wiring(
        handlers=EventHandlers({MessageReceivedV1: intake, MailSentV1: report, MailFailedV1: report}),
        scheduler=Scheduler(unit_of_work, archive_after_days=settings.archive_after_days),
        announce_addresses=lambda: announce_at_start(unit_of_work()),
    )
