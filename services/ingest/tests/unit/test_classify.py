"""Loop protection flags from headers alone (RFC 3834, RFC 3464, RFC 2919)."""

from __future__ import annotations

import pytest

from services.ingest.domain import classify


def lookup(*headers: tuple[str, str]):  # type: ignore[no-untyped-def]
    return lambda name: [v for n, v in headers if n.lower() == name.lower()]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ((("Auto-Submitted", "auto-replied"),), True),
        ((("Auto-Submitted", "auto-generated; owner-email=x@y"),), True),
        ((("Auto-Submitted", "no"),), False),
        ((("auto-submitted", "No"),), False),
        ((("X-Autoreply", "yes"),), True),
        ((("X-Autorespond", "Out of office"),), True),
        ((("Precedence", "auto_reply"),), True),
        ((("Precedence", "bulk"),), False),
        ((), False),
    ],
)
def test_auto_submitted(headers: tuple[tuple[str, str], ...], expected: bool) -> None:
    assert classify.is_auto_submitted(lookup(*headers)) is expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ((("List-Id", "<sport.lists.example.org>"),), True),
        ((("Precedence", "bulk"),), True),
        ((("Precedence", "junk"),), True),
        ((("Precedence", "list"),), True),
        ((("Precedence", "first-class"),), False),
        ((), False),
    ],
)
def test_list(headers: tuple[tuple[str, str], ...], expected: bool) -> None:
    assert classify.is_list(lookup(*headers)) is expected


def test_bounce() -> None:
    none = lookup()
    assert classify.is_bounce(none, "", "a@example.org", "text/plain"), "null sender"
    assert classify.is_bounce(none, "x@example.org", "MAILER-DAEMON@mx.example.org", "text/plain")
    report = lookup(("Content-Type", "multipart/report; report-type=delivery-status; boundary=x"))
    assert classify.is_bounce(report, "x@example.org", "a@example.org", "multipart/report")
    receipt = lookup(("Content-Type", "multipart/report; report-type=disposition-notification; boundary=x"))
    assert not classify.is_bounce(receipt, "x@example.org", "a@example.org", "multipart/report")
    assert not classify.is_bounce(none, "x@example.org", "a@example.org", "text/plain")
    assert not classify.is_bounce(none, None, "a@example.org", "text/plain"), "unknown envelope (an import)"
