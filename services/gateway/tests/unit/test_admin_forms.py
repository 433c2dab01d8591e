"""The admin forms as ingest and tickets request bodies, without I/O."""

import pytest

from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import FormInvalid, portal_answer, portal_ticket

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


AGENT = {"login": "kurt", "name": " Kurt ", "email": "kurt@example.org", "language": "en", "password": "pw"}


def test_an_agent_gets_login_and_password_only_when_created() -> None:
    created = admin_forms.agent(AGENT, creating=True)
    assert created == {"login": "kurt", "name": "Kurt", "email": "kurt@example.org", "language": "en", "password": "pw"}
    edited = admin_forms.agent({**AGENT, "valid": "on"}, creating=False)
    assert "login" not in edited and "password" not in edited
    assert edited["valid"] is True and edited["out_of_office"] is None
    assert admin_forms.agent(AGENT, creating=False)["valid"] is False
    with pytest.raises(FormInvalid):
        admin_forms.agent({**AGENT, "password": " "}, creating=True)


def test_an_absence_needs_both_days() -> None:
    away = {**AGENT, "ooo_from": "2026-12-01", "ooo_until": "2026-12-24", "ooo_note": "Urlaub"}
    assert admin_forms.agent(away, creating=False)["out_of_office"] == {
        "from": "2026-12-01",
        "until": "2026-12-24",
        "note": "Urlaub",
    }
    with pytest.raises(FormInvalid):
        admin_forms.agent({**away, "ooo_until": ""}, creating=False)


def test_role_grants_come_from_the_ticked_boxes() -> None:
    fields = {"grant:presse:ro": "on", "grant:presse:note": "on", "grant:Abt. 1:rw": "on", "grant:x:ro": ""}
    assert admin_forms.role_grants(fields) == {"Abt. 1": ["rw"], "presse": ["note", "ro"]}
    assert admin_forms.checked({"role:Kasse": "on", "role:Presse": "off", "x": "on"}, "role") == {"Kasse"}
    with pytest.raises(FormInvalid):
        admin_forms.role_grants({"grant:presse:admin": "on"})


def test_a_queue_s_full_name_joins_parent_and_own_name() -> None:
    body = admin_forms.queue({"parent": "Vorstand", "name": "Kasse", "group": "kasse", "unlock_timeout_minutes": ""})
    assert body["name"] == "Vorstand::Kasse" and body["unlock_timeout_minutes"] == 0 and body["address"] is None
    top = admin_forms.queue({"name": "Top", "group": "g", "unlock_timeout_minutes": "15"})
    assert top["name"] == "Top" and top["unlock_timeout_minutes"] == 15
    bad_minutes = {"name": "A", "group": "g", "unlock_timeout_minutes": "x"}
    for bad in ({"name": "A::B", "group": "g"}, {"name": "A", "group": ""}, bad_minutes):
        with pytest.raises(FormInvalid):
            admin_forms.queue(bad)


def test_a_queue_s_escalation_targets_are_minutes_and_empty_is_none() -> None:
    targets = admin_forms.queue({"name": "A", "group": "g", "first_response_minutes": " 60 ", "solution_minutes": ""})
    assert targets["first_response_minutes"] == 60 and targets["solution_minutes"] == 0
    assert "auto_response" not in targets  # kept on the auto-responses page, with its subject
    with pytest.raises(FormInvalid):
        admin_forms.queue({"name": "A", "group": "g", "solution_minutes": "1,5"})


def test_auto_responses_are_all_kinds_at_once_and_an_empty_body_is_none() -> None:
    fields = {"subject:new": " Eingang ", "body:new": "Danke!\n", "subject:reject": "", "body:reject": "Nein."}
    body = admin_forms.auto_responses(fields)
    assert body == {
        "new": {"subject": "Eingang", "body": "Danke!"},
        "follow_up": None,
        "reject": {"subject": "", "body": "Nein."},
        "new_after_closed": None,
    }
    assert admin_forms.auto_responses(admin_forms.auto_response_values(body)) == body
    with pytest.raises(FormInvalid):
        admin_forms.auto_responses({"subject:follow_up": "Nur ein Betreff", "body:follow_up": " "})
