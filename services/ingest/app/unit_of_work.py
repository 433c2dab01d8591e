"""Ingest's unit of work as the use cases see it: the repositories, the outbox, one commit.

A Protocol: :class:`~services.ingest.adapters.unit_of_work.SqlIngestUnitOfWork` is the
real one, the unit tests use an in-memory fake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from services.ingest.app.repositories import Filters, MailAccounts, RawMessages, SystemAddresses
from shared.unit_of_work_protocol import UnitOfWorkProtocol


class IngestUnitOfWork(UnitOfWorkProtocol, Protocol):
    raw_messages: RawMessages
    accounts: MailAccounts
    filters: Filters
    system_addresses: SystemAddresses


UnitOfWorkFactory = Callable[[], IngestUnitOfWork]
