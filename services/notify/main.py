"""Composition of the notify service: ``build(settings)`` returns it unstarted."""

from __future__ import annotations

from pathlib import Path

from services.notify.adapters.orm import inbox, outbox
from services.notify.adapters.transport import FileTransport, SmtpTransport, Transport
from services.notify.app.sender import Sender
from services.notify.app.unit_of_work import NotifyUnitOfWork
from services.notify.entrypoints.account_mail import make_account_mail_handler
from services.notify.entrypoints.http import create_app
from services.notify.entrypoints.subscribers import make_handlers
from services.notify.settings import NotifySettings
from shared.contracts.tickets import MailRequestedV1
from shared.db import Database
from shared.handlers import EventHandlers
from shared.runtime import Service
from shared.settings import Settings

NAME = "notify"
MIGRATIONS = Path(__file__).parent / "migrations"


def make_transport(settings: Settings, notify: NotifySettings) -> Transport:
    """The relay when ``UMLAUF_RELAY_HOST`` is set, else files under ``var/outbox``."""
    if settings.relay_host:
        return SmtpTransport(
            settings.relay_host,
            settings.relay_port,
            username=settings.relay_username,
            password=settings.relay_password,
            starttls=settings.relay_starttls,
            timeout=notify.smtp_timeout_seconds,
        )
    return FileTransport(settings.var_dir)


def build(settings: Settings, notify: NotifySettings | None = None) -> Service:
    notify = notify or NotifySettings()
    database = Database(settings.database_url(NAME))

    def uow_factory() -> NotifyUnitOfWork:
        return NotifyUnitOfWork(database)

    sender = Sender(uow_factory, make_transport(settings, notify), notify)
    return Service(
        name=NAME,
        app=create_app(database, settings.secret_key),
        database=database,
        outbox=outbox,
        inbox=inbox,
        migrations=MIGRATIONS,
        handlers=EventHandlers(
            {
                **make_handlers(uow_factory, notify, sender.wake).by_contract,
                MailRequestedV1: make_account_mail_handler(uow_factory, notify, sender.wake),
            }
        ),
        background=[sender.run],
    )
