import base64
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from services.notify.domain.mime import build_message, envelope_recipients
from services.notify.domain.model import InvalidMail
from shared.contracts.common import Attachment, OutboundMail

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def mail(**changes: object) -> OutboundMail:
    values: dict[str, object] = {
        "from_address": "info@neudorf.example",
        "from_name": "SV Neudorf",
        "to": ["donor@example.org"],
        "subject": "[Ticket#2026112810000011] Basketballkorb",
        "body_text": "Vielen Dank für Ihre Nachricht.",
        "message_id": "<umlauf.1.abc@neudorf.example>",
        "in_reply_to": "<orig@example.org>",
        "references": ["<first@example.org>", "<orig@example.org>"],
    }
    values.update(changes)
    return OutboundMail(**values)  # type: ignore[arg-type]


def parsed(outbound: OutboundMail, *, automatic: bool = False):  # type: ignore[no-untyped-def]
    raw = bytes(build_message(outbound, now=NOW, automatic=automatic, x_loop="umlauf@neudorf.example"))
    return message_from_bytes(raw, policy=policy.default)


def test_headers_of_a_reply() -> None:
    message = parsed(mail(cc=["kasse@neudorf.example"]))
    assert message["From"].addresses[0].display_name == "SV Neudorf"
    assert message["From"].addresses[0].addr_spec == "info@neudorf.example"
    assert [a.addr_spec for a in message["To"].addresses] == ["donor@example.org"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["kasse@neudorf.example"]
    assert message["Subject"] == "[Ticket#2026112810000011] Basketballkorb"
    assert message["Message-ID"] == "<umlauf.1.abc@neudorf.example>"
    assert message["In-Reply-To"] == "<orig@example.org>"
    assert message["References"] == "<first@example.org> <orig@example.org>"
    assert message["Date"].datetime == NOW
    assert message["Auto-Submitted"] is None and message["X-Loop"] is None
    assert message.get_content().strip() == "Vielen Dank für Ihre Nachricht."


def test_automatic_mail_carries_the_rfc3834_headers() -> None:
    message = parsed(mail(auto_submitted="auto-replied"), automatic=True)
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["X-Loop"] == "umlauf@neudorf.example"
    assert message["X-Auto-Response-Suppress"] == "All"


def test_automatic_mail_without_a_stated_kind_is_auto_replied() -> None:
    assert parsed(mail(), automatic=True)["Auto-Submitted"] == "auto-replied"


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\r\n\t", "\x85", "\u2028"])
def test_line_breaks_in_subject_and_names_inject_no_header(breaker: str) -> None:
    message = parsed(
        mail(
            subject=f"Hallo{breaker}Bcc: victim@evil.example{breaker}{breaker}body",
            from_name=f"SV{breaker}Bcc: victim@evil.example",
        )
    )
    assert message["Bcc"] is None
    assert "Bcc: victim@evil.example" in message["Subject"]
    assert message["Subject"].startswith("Hallo ")
    assert message["From"].addresses[0].addr_spec == "info@neudorf.example"
    assert len(message["From"].addresses) == 1
    assert [k for k in message if k.lower() == "bcc"] == []


@pytest.mark.parametrize(
    "field,value",
    [
        ("to", ["donor@example.org\r\nBcc: victim@evil.example"]),
        ("to", ["donor@example.org, victim@evil.example"]),
        ("cc", ["victim@evil.example\nX-Evil: 1"]),
        ("from_address", "info@neudorf.example\r\nBcc: victim@evil.example"),
        ("message_id", "<a@b>\r\nBcc: victim@evil.example"),
        ("references", ["<a@b>\nBcc: victim@evil.example"]),
    ],
)
def test_line_breaks_or_lists_in_addresses_and_ids_are_refused(field: str, value: object) -> None:
    with pytest.raises(InvalidMail):
        parsed(mail(**{field: value}))


def test_bcc_goes_into_the_envelope_only() -> None:
    outbound = mail(cc=["c@example.org"], bcc=["hidden@example.org"])
    assert envelope_recipients(outbound) == ["donor@example.org", "c@example.org", "hidden@example.org"]
    raw = bytes(build_message(outbound, now=NOW, automatic=False, x_loop="x"))
    assert b"hidden@example.org" not in raw


def test_html_alternative_and_attachments() -> None:
    pdf = b"%PDF-1.4 receipt"
    outbound = mail(
        body_html="<p>Vielen Dank</p>",
        attachments=[
            Attachment(
                filename="Spendenquittung\r\nX-Evil: 1.pdf",
                content_type="application/pdf",
                size=len(pdf),
                content_b64=base64.b64encode(pdf).decode(),
            )
        ],
    )
    message = parsed(outbound)
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(("plain",)).get_content().strip() == "Vielen Dank für Ihre Nachricht."
    assert message.get_body(("html",)).get_content().strip() == "<p>Vielen Dank</p>"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "Spendenquittung X-Evil: 1.pdf"
    assert attachment.get_content() == pdf
    assert attachment["X-Evil"] is None


def test_an_attachment_that_is_not_base64_is_refused() -> None:
    bad = Attachment(filename="a.bin", size=1, content_b64="not base64!")
    with pytest.raises(InvalidMail):
        parsed(mail(attachments=[bad]))
