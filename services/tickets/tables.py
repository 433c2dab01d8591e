"""The tickets service's metadata (one for all three packages), its column types, outbox, inbox and event log.

Each package keeps its own tables in ``<package>/adapters/tables.py`` on this metadata;
:mod:`services.tickets.schema` imports them all, for migrations.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, MetaData

from shared.messaging_tables import add_event_log_table, add_messaging_tables
from shared.utc import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = BigInteger().with_variant(Integer, "sqlite")


Time = UtcDateTime()

outbox, inbox = add_messaging_tables(metadata)
event_log = add_event_log_table(metadata)
