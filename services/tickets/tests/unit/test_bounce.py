"""Reading a DSN's original Message-ID and reason, without I/O."""

from __future__ import annotations

from services.tickets.ticketing.domain.bounce import failure_detail, returned_message_ids


def test_the_returned_headers_come_first_then_quotes_then_references() -> None:
    part = b"From: info@neudorf.example\r\nMessage-ID: <a@neudorf.example>\r\nSubject: x\r\n\r\n"
    text = "--- original message ---\nMessage-Id: <b@neudorf.example>\n"
    ids = returned_message_ids(
        [("text/rfc822-headers", part), ("image/png", b"")], text, "<c@x>", ["<d@x>", "<a@neudorf.example>"]
    )
    assert ids == ["<a@neudorf.example>", "<b@neudorf.example>", "<c@x>", "<d@x>"]


def test_a_full_returned_message_counts_too_and_nothing_found_is_empty() -> None:
    part = b"Message-ID: <e@neudorf.example>\r\n\r\nbody\r\n"
    assert returned_message_ids([("message/rfc822", part)], "", None, []) == ["<e@neudorf.example>"]
    assert returned_message_ids([], "no ids here", None, []) == []


def test_the_diagnostic_code_is_the_reason_else_the_first_lines() -> None:
    assert (
        failure_detail("Action: failed\nDiagnostic-Code: smtp; 550 5.1.1 unknown user\n")
        == "smtp; 550 5.1.1 unknown user"
    )
    assert failure_detail("Mailbox full.\n\nTry later.\nfourth line") == "Mailbox full. Try later."
    assert failure_detail("") == "bounced"
