"""``build(settings)``: the ingest service, wired but not started."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.ingest.adapters.orm import inbox, outbox
from services.ingest.adapters.parser import ParserProcess
from services.ingest.adapters.secrets import PasswordBox
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.retention import prune_raw_mail
from services.ingest.bootstrap import bootstrap
from services.ingest.domain.routing import SpamPolicy
from services.ingest.domain.spam import parse_flags
from services.ingest.entrypoints.http import create_app
from services.ingest.entrypoints.smtp import IntakeHandler, LmtpIntakeHandler, SmtpIntake, tls_context
from services.ingest.settings import IngestSettings
from shared.db import Database
from shared.runtime import Service

NAME = "ingest"
MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: IngestSettings, *, return_paths: Sequence[str] = ()) -> Service:
    """``return_paths``: envelope senders of our own outgoing mail besides the system
    addresses (notify's notification sender), always accepted at RCPT so bounces come back."""
    database = Database(settings.database_url(NAME))
    passwords = PasswordBox(settings.secret_key)

    def uow_factory() -> SqlIngestUnitOfWork:
        return SqlIngestUnitOfWork(database, passwords)

    parser = ParserProcess()
    ingest = bootstrap(
        uow_factory,
        parser.parse,
        max_message_size=settings.smtp_max_message_size,
        spam=SpamPolicy(parse_flags(settings.spam_flags), settings.spam_queue),
        smtp_trusted=settings.smtp_trusted,
        refuse_unknown_recipients=settings.smtp_refuse_unknown_recipients,
        return_paths=return_paths,
    )
    tls = tls_context(settings.smtp_tls_cert, settings.smtp_tls_key)
    limit = settings.smtp_max_message_size
    smtp = IntakeHandler(ingest.intake("smtp"), ingest.accept_recipient)
    listeners = [SmtpIntake(smtp, settings.smtp_host, settings.smtp_port, limit, tls=tls)]
    if settings.lmtp_port is not None:
        handler = LmtpIntakeHandler(ingest.intake("lmtp"), ingest.accept_recipient)
        listeners.append(SmtpIntake(handler, settings.smtp_host, settings.lmtp_port, limit, lmtp=True))
    return Service(
        name=NAME,
        app=create_app(database, settings.secret_key, uow_factory),
        database=database,
        outbox=outbox,
        inbox=inbox,
        pruners=(prune_raw_mail(uow_factory, settings.raw_mail_retention_days),),
        migrations=MIGRATIONS,
        handlers=ingest.handlers,
        background=(*(listener.serve for listener in listeners), ingest.worker.run, ingest.poller.run),
        on_stop=(parser.close,),
    )
