"""Stats' tables: counts per metric, queue and day; the queue names; outbox and inbox."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, String, Table

from shared.messaging_tables import add_messaging_tables
from shared.utc import UtcDateTime

metadata = MetaData()

queue_day_counts = Table(
    "queue_day_counts",
    metadata,
    Column("metric", String(50), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("queue_id", Integer, primary_key=True),
    Column("count", Integer, nullable=False),
)

queue_names = Table(
    "queue_names",
    metadata,
    Column("queue_id", Integer, primary_key=True),
    Column("name", String(500), nullable=False),
    Column("as_of", UtcDateTime(), nullable=False),
)

outbox, inbox = add_messaging_tables(metadata)
