"""Ingest's wiring: the intake's stores, the parse worker, the account poller, the RCPT check
and the events it consumes, all on one unit-of-work factory.

``main.build`` calls it with the SQL unit of work and the parser process; the unit
tests with the in-memory fake and the parser in-process. Plain values, no settings
object, so that a test says exactly what it sets.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from services.ingest.adapters.mailboxes import open_mailbox
from services.ingest.app.commands import StoreRaw
from services.ingest.app.handlers import store_raw
from services.ingest.app.mailbox import Mailbox
from services.ingest.app.polling import AccountPoller
from services.ingest.app.system_addresses import RecipientCheck, on_system_addresses_changed
from services.ingest.app.unit_of_work import UnitOfWorkFactory
from services.ingest.app.worker import Parse, ParseWorker
from services.ingest.domain.accounts import MailAccount
from services.ingest.domain.routing import NO_SPAM_CHECK, SpamPolicy
from services.ingest.entrypoints.smtp import AcceptRecipient, Store, accept_every_recipient
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.handlers import EventHandlers


@dataclass(frozen=True)
class Ingest:
    handlers: EventHandlers
    worker: ParseWorker
    poller: AccountPoller
    accept_recipient: AcceptRecipient
    intake: Callable[[str], Store]
    """The store of an SMTP or LMTP listener, by source name; wakes the worker after each message."""


def bootstrap(
    uow_factory: UnitOfWorkFactory,
    parse: Parse,
    *,
    max_message_size: int,
    spam: SpamPolicy = NO_SPAM_CHECK,
    smtp_trusted: bool = False,
    refuse_unknown_recipients: bool = False,
    return_paths: Sequence[str] = (),
    mailboxes: Callable[[MailAccount], Mailbox] = open_mailbox,
) -> Ingest:
    """``return_paths``: envelope senders of our own outgoing mail besides the system
    addresses (notify's notification sender), always accepted at RCPT so bounces come back."""
    worker = ParseWorker(uow_factory, parse, spam=spam)

    def intake(source: str) -> Store:
        async def store(raw: bytes, envelope_from: str | None, envelope_to: list[str]) -> uuid.UUID | None:
            command = StoreRaw(raw, source, envelope_from, envelope_to, trusted=smtp_trusted)
            stored = await store_raw(command, uow_factory())
            worker.wake()
            return stored

        return store

    async def store_fetched(raw: bytes, account: MailAccount) -> uuid.UUID | None:
        command = StoreRaw(
            raw,
            account.protocol.value,
            unless_known=True,
            account_id=account.id,
            trusted=account.trusted,
            queue=account.queue,
        )
        stored = await store_raw(command, uow_factory())
        worker.wake()
        return stored

    accept: AcceptRecipient = accept_every_recipient
    if refuse_unknown_recipients:
        accept = RecipientCheck(uow_factory, return_paths)
    return Ingest(
        handlers=EventHandlers(
            {SystemAddressesChangedV1: partial(on_system_addresses_changed, uow_factory=uow_factory)}
        ),
        worker=worker,
        poller=AccountPoller(uow_factory, store_fetched, max_message_size=max_message_size, open_mailbox=mailboxes),
        accept_recipient=accept,
        intake=intake,
    )
