"""``UtcDateTime``: the one column type for points in time, in every service's tables.

It stores UTC and always hands back an aware UTC datetime, on PostgreSQL (``timestamptz``) and on
SQLite (which keeps no zone and returns naive values, written here in UTC). A naive datetime is
refused on the way in: its zone is unknown, and guessing would shift it silently.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.engine import Dialect


class NaiveDatetimeError(ValueError):
    """A datetime without a zone was given to a UTC column."""


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out, on both databases."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"naive datetime {value.isoformat()} given to a UTC column; attach a zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
