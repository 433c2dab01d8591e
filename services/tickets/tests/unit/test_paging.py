"""Cursors of the ticket list: what one holds, and what is refused (the pages themselves: service tests)."""

import base64
import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from services.tickets.errors import Invalid
from services.tickets.ticketing.queries.paging import Sort, after, cursor_of

ROW = SimpleNamespace(id=7, priority=4, created_at=datetime(2026, 11, 28, 10, 0, tzinfo=UTC), changed_at=None)


def _cursor(*payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(payload)).encode()).decode()


def test_a_cursor_holds_the_sort_and_its_key():
    cursor = cursor_of(Sort.PRIORITY, ROW)
    assert "=" not in cursor
    padded = cursor + "=" * (-len(cursor) % 4)
    assert json.loads(base64.urlsafe_b64decode(padded)) == ["-priority", [4, "2026-11-28T10:00:00+00:00", 7]]
    condition = after(Sort.PRIORITY, cursor).compile()
    assert "<" in str(condition) and list(condition.params.values())[::2] == [4, 7]


@pytest.mark.parametrize(
    ("sort", "cursor", "reason"),
    [
        (Sort.OLDEST, "???", "not valid"),
        (Sort.PRIORITY, _cursor("-priority", [4, 7]), "not valid"),  # a value short
        (Sort.OLDEST, _cursor("created_at", ["2026-11-28T10:00:00", 7]), "not valid"),  # a time without offset
        (Sort.OLDEST, _cursor("created_at", ["2026-11-28T10:00:00+00:00", "7"]), "not valid"),
        (Sort.OLDEST, _cursor("created_at", [True, 7]), "not valid"),
        (Sort.OLDEST, _cursor("-changed_at", ["2026-11-28T10:00:00+00:00", 7]), "belongs to sort '-changed_at'"),
    ],
)
def test_a_cursor_that_is_not_one_is_refused_with_a_reason(sort, cursor, reason):
    with pytest.raises(Invalid, match=reason):
        after(sort, cursor)
