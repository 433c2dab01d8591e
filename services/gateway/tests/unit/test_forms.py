"""Posted forms become tickets API bodies; a form that cannot is refused with a message to translate."""

import base64
from zoneinfo import ZoneInfo

import pytest

from services.gateway.adapters.tickets_models import Article
from services.gateway.presentation.forms import (
    ACTIONS,
    API_CALLS,
    FormInvalid,
    Upload,
    pending_until,
    phone_ticket,
    version,
)
from services.gateway.presentation.views import day_table, quoted_reply

BERLIN = ZoneInfo("Europe/Berlin")


def test_note_with_attachment_and_visibility():
    body = ACTIONS["notes"](
        {"body_text": " Quittung anbei ", "visible_for_customer": "on"}, [Upload("q.pdf", "", b"%PDF")], BERLIN
    )
    assert body["body_text"] == "Quittung anbei" and body["visible_for_customer"] is True
    assert body["attachments"] == [
        {
            "filename": "q.pdf",
            "content_type": "application/octet-stream",
            "content_b64": base64.b64encode(b"%PDF").decode(),
        }
    ]


def test_reply_splits_addresses_and_leaves_the_subject_to_tickets():
    body = ACTIONS["reply"]({"to": "a@example.org; b@example.org", "body_text": "Danke"}, [], BERLIN)
    assert body["to"] == ["a@example.org", "b@example.org"] and body["cc"] == [] and "subject" not in body


def test_reply_with_a_picked_standard_answer_names_it_for_its_files():
    assert ACTIONS["reply"]({"body_text": "Danke", "template_id": "4"}, [], BERLIN)["template_id"] == 4
    assert "template_id" not in ACTIONS["reply"]({"body_text": "Danke", "template_id": ""}, [], BERLIN)


def test_forward_names_the_article_and_is_internal_unless_asked():
    body = ACTIONS["forward"]({"to": "a@example.org, b@example.org", "article_id": "7"}, [], BERLIN)
    assert body == {
        "to": ["a@example.org", "b@example.org"],
        "cc": [],
        "body_text": "",
        "article_id": 7,
        "visible_for_customer": False,
    }
    body = ACTIONS["forward"]({"to": "a@example.org", "article_id": "7", "visible_for_customer": "on"}, [], BERLIN)
    assert body["visible_for_customer"] is True


def test_tags_are_split_at_commas_and_one_is_removed_as_written():
    assert ACTIONS["tags"]({"tags": " Spende, Sport ,,"}, [], BERLIN) == {"tags": ["Spende", "Sport"]}
    assert ACTIONS["untag"]({"tag": "a, b"}, [], BERLIN) == {"tags": ["a, b"]}  # a tag made in the API keeps its comma
    assert API_CALLS["untag"] == ("DELETE", "tags")


def test_pending_date_is_meant_in_the_ui_time_zone():
    assert pending_until("2030-12-24T10:00", BERLIN) == "2030-12-24T10:00:00+01:00"
    assert pending_until("", BERLIN) is None
    with pytest.raises(FormInvalid):
        pending_until("morgen", BERLIN)


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("notes", {"body_text": "  "}),
        ("move", {}),
        ("priority", {"priority": "9"}),
        ("priority", {"priority": "hoch"}),
        ("split", {"article_id": "x"}),
        ("merge", {"into": ""}),
        ("state", {}),
        ("forward", {"to": " ; ", "article_id": "1"}),
        ("forward", {"to": "a@example.org", "article_id": ""}),
        ("tags", {"tags": " , "}),
        ("untag", {"tag": " "}),
    ],
)
def test_incomplete_forms_are_refused(action, fields):
    with pytest.raises(FormInvalid):
        ACTIONS[action](fields, [], BERLIN)


def test_version_and_phone_ticket():
    assert version({"version": "7"}) == 7 and version({"version": "x"}) is None and version({}) is None
    body = phone_ticket({"queue": "3", "title": "Anruf", "body_text": "Text", "priority": "2"}, [])
    assert body == {
        "origin": "phone",
        "queue": "3",
        "title": "Anruf",
        "body_text": "Text",
        "customer_email": None,
        "priority": 2,
        "attachments": [],
    }


def test_reply_quotes_the_customers_last_message():
    articles = [
        Article(id=1, sender_type="customer", body_text="Erste"),
        Article(id=2, sender_type="customer", body_text="Zweite\n\nZeile"),
        Article(id=3, sender_type="agent", body_text="Antwort"),
    ]
    assert quoted_reply(articles) == "\n\n> Zweite\n>\n> Zeile"
    assert quoted_reply([]) == ""


def test_day_table_pivots_and_totals():
    table = day_table(
        [
            {"day": "2026-11-28", "queue": "Vorstand", "count": 2},
            {"day": "2026-11-27", "queue": "Allgemein", "count": 1},
            {"day": "2026-11-28", "queue": "Allgemein", "count": 3},
        ]
    )
    assert table.queues == ["Allgemein", "Vorstand"]
    assert table.days == [("2026-11-27", [1, 0], 1), ("2026-11-28", [3, 2], 5)]
    assert table.totals == [4, 2] and table.total == 6
