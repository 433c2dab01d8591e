"""Composition of the notify service: ``build(settings)`` returns it unstarted."""

from __future__ import annotations

from pathlib import Path

from services.notify.adapters.orm import inbox, outbox
from services.notify.adapters.transport import FileTransport, SmtpTransport
from services.notify.adapters.unit_of_work import SqlNotifyUnitOfWork
from services.notify.app.transport import Transport
from services.notify.bootstrap import bootstrap
from services.notify.entrypoints.http import create_app
from services.notify.settings import NotifyServiceSettings, NotifySettings
from shared.db import Database
from shared.runtime import Service

NAME = "notify"
MIGRATIONS = Path(__file__).parent / "migrations"


def make_transport(settings: NotifyServiceSettings, notify: NotifySettings) -> Transport:
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


def build(settings: NotifyServiceSettings, notify: NotifySettings | None = None) -> Service:
    notify = notify or NotifySettings()
    database = Database(settings.database_url(NAME))

    def uow_factory() -> SqlNotifyUnitOfWork:
        return SqlNotifyUnitOfWork(database)

    wired = bootstrap(uow_factory, make_transport(settings, notify), notify)
    return Service(
        name=NAME,
        app=create_app(database, settings.secret_key),
        database=database,
        outbox=outbox,
        inbox=inbox,
        migrations=MIGRATIONS,
        handlers=wired.handlers,
        background=[wired.sender.run],
    )
