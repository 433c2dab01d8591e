"""``build(settings)``: the ingest service, wired but not started."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from services.ingest.adapters.orm import inbox, outbox
from services.ingest.adapters.parser import ParserProcess
from services.ingest.adapters.secrets import PasswordBox
from services.ingest.app.handlers import store_raw
from services.ingest.app.polling import AccountPoller
from services.ingest.app.retention import prune_raw_mail
from services.ingest.app.system_addresses import RecipientCheck
from services.ingest.app.unit_of_work import IngestUnitOfWork
from services.ingest.app.worker import ParseWorker
from services.ingest.domain.accounts import MailAccount
from services.ingest.domain.routing import SpamPolicy
from services.ingest.domain.spam import parse_flags
from services.ingest.entrypoints.http import create_app
from services.ingest.entrypoints.smtp import (
    AcceptRecipient,
    IntakeHandler,
    LmtpIntakeHandler,
    SmtpIntake,
    Store,
    accept_every_recipient,
    tls_context,
)
from services.ingest.entrypoints.subscribers import make_handlers
from shared.db import Database
from shared.runtime import Service
from shared.settings import Settings

NAME = "ingest"
MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: Settings, *, return_paths: Sequence[str] = ()) -> Service:
    """``return_paths``: envelope senders of our own outgoing mail besides the system
    addresses (notify's notification sender), always accepted at RCPT so bounces come back."""
    database = Database(settings.database_url(NAME))

    def unit_of_work() -> IngestUnitOfWork:
        return IngestUnitOfWork(database)

    parser = ParserProcess()
    spam = SpamPolicy(parse_flags(settings.spam_flags), settings.spam_queue)
    worker = ParseWorker(database, parser.parse, spam=spam)

    def store_from(source: str) -> Store:
        async def store(raw: bytes, envelope_from: str | None, envelope_to: list[str]) -> uuid.UUID | None:
            stored = await store_raw(
                unit_of_work(),
                raw,
                envelope_from=envelope_from,
                envelope_to=envelope_to,
                source=source,
                trusted=settings.smtp_trusted,
            )
            worker.wake()
            return stored

        return store

    passwords = PasswordBox(settings.secret_key)

    async def store_fetched(raw: bytes, account: MailAccount) -> uuid.UUID | None:
        stored = await store_raw(
            unit_of_work(),
            raw,
            envelope_from=None,
            envelope_to=[],
            source=account.protocol.value,
            unless_known=True,
            account_id=account.id,
            trusted=account.trusted,
            queue=account.queue,
        )
        worker.wake()
        return stored

    poller = AccountPoller(
        lambda: IngestUnitOfWork(database, passwords), store_fetched, max_message_size=settings.smtp_max_message_size
    )
    tls = tls_context(settings.smtp_tls_cert, settings.smtp_tls_key)
    limit = settings.smtp_max_message_size
    accept: AcceptRecipient = accept_every_recipient
    if settings.smtp_refuse_unknown_recipients:
        accept = RecipientCheck(unit_of_work, return_paths)
    smtp = IntakeHandler(store_from("smtp"), accept)
    listeners = [SmtpIntake(smtp, settings.smtp_host, settings.smtp_port, limit, tls=tls)]
    if settings.lmtp_port is not None:
        handler = LmtpIntakeHandler(store_from("lmtp"), accept)
        listeners.append(SmtpIntake(handler, settings.smtp_host, settings.lmtp_port, limit, lmtp=True))
    return Service(
        name=NAME,
        app=create_app(database, settings.secret_key, passwords),
        database=database,
        outbox=outbox,
        inbox=inbox,
        pruners=(prune_raw_mail(unit_of_work, settings.raw_mail_retention_days),),
        migrations=MIGRATIONS,
        handlers=make_handlers(unit_of_work),
        background=(*(listener.serve for listener in listeners), worker.run, poller.run),
        on_stop=(parser.close,),
    )
