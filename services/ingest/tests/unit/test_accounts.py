"""Account rules without I/O: back-off and what POP3 can do."""

from __future__ import annotations

import pytest

from services.ingest.adapters.secrets import PasswordBox
from services.ingest.domain.accounts import AfterFetch, InvalidAccount, Protocol, backoff, check
from services.ingest.domain.recipients import delivered_to


def test_backoff_doubles_from_five_seconds_up_to_fifteen_minutes() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert backoff(20) == 900


def test_pop3_can_only_delete() -> None:
    check(Protocol.POP3, AfterFetch.DELETE)
    check(Protocol.IMAP, AfterFetch.MARK_SEEN)
    with pytest.raises(InvalidAccount):
        check(Protocol.POP3, AfterFetch.MARK_SEEN)


def test_passwords_are_sealed_and_only_the_same_key_opens_them() -> None:
    box = PasswordBox("key one")
    token = box.seal("geheim")
    assert "geheim" not in token
    assert box.open(token) == "geheim"
    with pytest.raises(ValueError, match="UMLAUF_SECRET_KEY"):
        PasswordBox("key two").open(token)


def test_the_recipient_of_fetched_mail_is_the_topmost_delivery_header() -> None:
    headers = [
        ("Delivered-To", "kasse@neudorf.example"),
        ("Received", "from mx"),
        ("Delivered-To", "forged@example.org"),
        ("X-Original-To", "other@neudorf.example"),
    ]
    assert delivered_to(headers) == ["kasse@neudorf.example"]
    assert delivered_to([("X-Original-To", "Verein <info@neudorf.example>")]) == ["info@neudorf.example"]
    assert delivered_to([("Delivered-To", "nonsense")]) == []
    assert delivered_to([("To", "info@neudorf.example")]) == []
