"""The admin forms as ingest request bodies, without I/O."""

import pytest

from services.gateway import admin_forms
from services.gateway.forms import FormInvalid, portal_answer, portal_ticket

ACCOUNT = {"name": " Verein ", "protocol": "imap", "host": "mail.example", "port": "993", "poll_interval": "60"}


def test_an_account_keeps_its_password_unless_one_is_typed() -> None:
    edited = admin_forms.account({**ACCOUNT, "password": "", "enabled": "on"}, creating=False)
    assert "password" not in edited
    assert edited["name"] == "Verein" and edited["port"] == 993 and edited["enabled"] is True
    assert edited["trusted"] is False and edited["queue"] is None
    with pytest.raises(FormInvalid):
        admin_forms.account({**ACCOUNT, "password": ""}, creating=True)
    assert admin_forms.account({**ACCOUNT, "password": "x y"}, creating=True)["password"] == "x y"


def test_an_account_needs_numbers_where_numbers_belong() -> None:
    with pytest.raises(FormInvalid):
        admin_forms.account({**ACCOUNT, "port": "imap"}, creating=False)


def test_filter_conditions_round_trip_through_the_text_form() -> None:
    matches = "From ~ @bank\\.example$\n\nSubject !~ a~b\nTo ~ x!~y"
    fields = {"name": "Bank", "position": "5", "matches": matches, "tags": "x, y,"}
    body = admin_forms.postmaster_filter({**fields, "priority": "4", "ignore": "on"})
    assert body["matches"] == [
        {"field": "From", "pattern": "@bank\\.example$", "negate": False},
        {"field": "Subject", "pattern": "a~b", "negate": True},
        {"field": "To", "pattern": "x!~y", "negate": False},
    ]
    assert body["actions"]["priority"] == 4 and body["actions"]["tags"] == ["x", "y"] and body["actions"]["ignore"]
    assert body["actions"]["queue"] is None and body["enabled"] is False
    assert admin_forms.matches_text(body["matches"]) == "From ~ @bank\\.example$\nSubject !~ a~b\nTo ~ x!~y"


@pytest.mark.parametrize("matches", ["", "From", "~ pattern", "From ~ "])
def test_a_filter_without_a_proper_condition_is_refused(matches: str) -> None:
    with pytest.raises(FormInvalid):
        admin_forms.postmaster_filter({"name": "X", "position": "1", "matches": matches})


def test_portal_forms() -> None:
    assert portal_ticket({"title": " Korb ", "body_text": "Text"}, [])["title"] == "Korb"
    assert portal_answer({"body_text": "Danke"}, [])["attachments"] == []
    with pytest.raises(FormInvalid):
        portal_answer({"body_text": "  "}, [])
