"""Sort orders of the ticket list and keyset cursors over them.

A cursor is the sort key and id of the last ticket of a page, as URL-safe base64 of a
small JSON array: the next page is the tickets after that key in the same order.
Unlike an offset, a ticket created or archived meanwhile neither repeats nor skips one.
A cursor is not a secret (it holds no more than the ticket it names shows), so it is
encoded, not signed: a forged one only starts a page elsewhere, and every page is still
limited to the caller's queues.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, literal, tuple_
from sqlalchemy.engine import Row

from services.tickets.errors import Invalid
from services.tickets.ticketing.adapters import tables as ticket_tables
from shared.utc import UtcDateTime

t = ticket_tables.tickets


class Sort(StrEnum):
    NEWEST = "-created_at"
    OLDEST = "created_at"
    CHANGED = "-changed_at"
    PRIORITY = "-priority"


_KEYS: dict[Sort, tuple[Any, ...]] = {
    Sort.NEWEST: (t.c.created_at, t.c.id),
    Sort.OLDEST: (t.c.created_at, t.c.id),
    Sort.CHANGED: (t.c.changed_at, t.c.id),
    Sort.PRIORITY: (t.c.priority, t.c.created_at, t.c.id),
}
"""Each ends with the id, so the order is total; all columns run one way (an index per order, 0009)."""


def order_by(sort: Sort) -> list[Any]:
    return [c.asc() if sort is Sort.OLDEST else c.desc() for c in _KEYS[sort]]


def cursor_of(sort: Sort, row: Row[Any]) -> str:
    """The cursor that continues after ``row`` (a ticket row with the key columns)."""
    values = [_plain(getattr(row, c.name)) for c in _KEYS[sort]]
    return base64.urlsafe_b64encode(json.dumps([sort.value, values]).encode()).decode().rstrip("=")


def after(sort: Sort, cursor: str) -> ColumnElement[bool]:
    """Tickets after ``cursor`` in ``sort`` order; a cursor that is not one of ``sort`` is :class:`Invalid`."""
    columns = _KEYS[sort]
    try:
        kind, values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if kind != sort.value:
            raise Invalid(f"the cursor belongs to sort {kind!r}, not {sort.value!r}")
        if not isinstance(values, list) or len(values) != len(columns):
            raise ValueError("wrong number of values")
        bound = [literal(_parsed(c, v), c.type) for c, v in zip(columns, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise Invalid("the cursor is not valid: pass `next_cursor` of the previous page unchanged") from exc
    key = tuple_(*columns)
    return key > tuple_(*bound) if sort is Sort.OLDEST else key < tuple_(*bound)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _parsed(column: Any, value: object) -> object:
    if isinstance(column.type, UtcDateTime):
        if not isinstance(value, str):
            raise TypeError("a time is written as text")
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("a time without its offset")
        return parsed
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("a number is written as an integer")
    return value
