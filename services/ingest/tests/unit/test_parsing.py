"""The parser over a small corpus of real-shaped messages (tests/unit/corpus/*.eml)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from services.ingest.domain.parsing import ORIGINAL_FILENAME, parse_message

CORPUS = Path(__file__).parent / "corpus"


def parse(name: str, envelope_from: str | None = "sender@example.org"):  # type: ignore[no-untyped-def]
    return parse_message((CORPUS / name).read_bytes(), envelope_from)


def test_umlauts_in_rfc2047_subject_names_and_rfc2231_filenames() -> None:
    m = parse("umlauts.eml")
    assert m.subject == "Spende: Basketballkorb für den Sportplatz äöüß"
    assert m.sender is not None and (m.sender.address, m.sender.name) == ("juergen@example.org", "Jürgen Müller")
    assert m.to == ["info@neudorf.example", "kasse@neudorf.example"]
    assert m.cc == ["vorstand@neudorf.example"]
    assert m.reply_to == ["juergen.privat@example.org"]
    assert m.message_id == "<spende-1@example.org>"
    assert m.date is not None and m.date.isoformat() == "2026-11-28T09:15:00+00:00"
    assert "ich möchte einen Basketballkorb spenden. Grüße!" in m.text_body
    assert "\r" not in m.text_body
    names = [(a.filename, a.content_type) for a in m.attachments]
    assert names == [("Quittung für Müller.pdf", "application/pdf"), ("Übersicht Maße.txt", "text/plain")]
    assert m.attachments[0].content.startswith(b"%PDF-1.4")
    assert m.attachments[1].content == "Höhe 3,05 m".encode("latin-1")
    assert m.problems == []


def test_iso_8859_1_body_and_encoded_words() -> None:
    m = parse("latin1.eml")
    assert m.subject == "Grüße aus Köln"
    assert m.sender is not None and m.sender.name == "Kurt Köhler"
    assert m.text_body == "Schöne Grüße aus Köln, Straße 5.\n"
    assert m.problems == []


def test_windows_1252_euro_sign_and_quotes() -> None:
    m = parse("windows1252.eml")
    assert m.text_body.startswith("Der Betrag: 100 € „Danke“ – Ihr Büro")
    assert m.sender is not None and m.sender.name == "Büro"


def test_unknown_charset_names_fall_back_and_are_reported() -> None:
    m = parse("broken_charset.eml")
    assert m.text_body == "Fußball ist toll.\nTschüß."
    assert "unknown charset 'utf-8lias', decoded as utf-8" in m.problems
    assert "unknown charset 'x-mystery', decoded as cp1252" in m.problems
    assert m.attachments[-1].filename == ORIGINAL_FILENAME
    assert m.message_id == "<broken-charset@example.net>", "a bare Message-ID gets its angle brackets"


def test_html_only_is_sanitized_and_text_is_derived() -> None:
    m = parse("html_only.eml")
    html = m.html_body or ""
    for forbidden in ("<script", "alert(", "onerror", "onload", "onclick", "tracker.example.com", "<style", "<title"):
        assert forbidden not in html, forbidden
    assert '<img src="cid:logo@example.com" alt="Logo">' in html
    assert '<a href="https://example.com/kaufen" rel="noopener noreferrer">hier</a>' in html
    assert m.text_body.startswith("Großes Angebot\n\nBitte hier klicken.")
    assert "- Eins" in m.text_body and "document.location" not in m.text_body
    assert m.problems == []


def test_nested_multipart_with_inline_image_and_attachment() -> None:
    m = parse("nested.eml")
    assert m.text_body == "Text mit Logo."
    assert m.html_body == '<p>Text mit <b>Logo</b> <img src="cid:logo123@example.org"></p>'
    logo, plan = m.attachments
    assert (logo.content_type, logo.content_id, logo.inline) == ("image/png", "logo123@example.org", True)
    assert logo.content.startswith(b"\x89PNG")
    assert (plan.filename, plan.inline) == ("plan.pdf", False)
    assert m.in_reply_to == "<reply-target@neudorf.example>"
    assert m.references == ["<first@neudorf.example>", "<reply-target@neudorf.example>"]


def test_forwarded_message_is_kept_whole_as_an_attachment() -> None:
    m = parse("forwarded.eml")
    assert m.text_body == "Siehe unten."
    (forwarded,) = m.attachments
    assert (forwarded.filename, forwarded.content_type) == ("Spendenzusage.eml", "message/rfc822")
    assert b"Message-ID: <inner@example.com>" in forwarded.content
    assert b"Ich spende 50 Euro." in forwarded.content
    assert m.message_id == "<fwd@example.org>"


def test_delivery_status_notification_is_a_bounce() -> None:
    m = parse("dsn.eml", envelope_from="")
    assert m.is_bounce and not m.auto_submitted and not m.is_list
    assert "could not be delivered" in m.text_body
    assert [a.content_type for a in m.attachments] == ["message/delivery-status", "text/rfc822-headers"]
    assert b"Status: 5.1.1" in m.attachments[0].content
    assert b"<out-1@neudorf.example>" in m.attachments[1].content
    assert parse("dsn.eml", envelope_from="someone@example.net").is_bounce, "the report itself says bounce"


def test_auto_reply_is_auto_submitted() -> None:
    m = parse("autoreply.eml")
    assert m.auto_submitted and not m.is_bounce and not m.is_list
    assert m.text_body == "Ich bin bis Montag nicht im Büro.\n"


def test_list_mail_is_a_list() -> None:
    m = parse("list.eml")
    assert m.is_list and not m.auto_submitted and not m.is_bounce


def test_ordinary_mail_has_no_flags() -> None:
    m = parse("umlauts.eml")
    assert not (m.auto_submitted or m.is_bounce or m.is_list)


def test_garbage_still_gives_a_message_with_the_original_attached() -> None:
    raw = (CORPUS / "garbage.eml").read_bytes()
    m = parse_message(raw, "x@example.org")
    assert m.problems and "message has no headers" in m.problems
    assert m.attachments[-1].filename == ORIGINAL_FILENAME
    assert m.attachments[-1].content == raw
    assert "\x00" not in m.text_body


def test_eight_bit_headers_are_decoded_not_replaced() -> None:
    raw = "From: Jörg <j@example.de>\r\nSubject: Straße\r\nDate: someday\r\n\r\nHallo\r\n".encode("latin-1")
    m = parse_message(raw)
    assert m.subject == "Straße"
    assert m.sender is not None and m.sender.name == "Jörg"
    assert ("Subject", "Straße") in m.headers
    assert m.date is None and "unreadable Date header" in m.problems
    assert m.attachments[-1].filename == ORIGINAL_FILENAME


def test_html_split_around_an_inline_image_is_kept_whole() -> None:
    """Apple Mail: alternative(text, mixed(html, image, html))."""
    mail = EmailMessage()
    mail["From"] = "a@example.org"
    mail.set_content("Vorher [Bild] Nachher")
    mixed = EmailMessage()
    mixed.set_content("<p>Vorher</p>", subtype="html")
    mixed.add_attachment(b"\x89PNG", maintype="image", subtype="png", disposition="inline", cid="<img1@x>")
    mixed.add_attachment("<p>Nachher</p>", subtype="html", disposition="inline")
    mail.make_alternative()
    mail.attach(mixed)
    m = parse_message(mail.as_bytes())
    assert m.text_body.strip() == "Vorher [Bild] Nachher"
    assert m.html_body is not None and "Vorher" in m.html_body and "Nachher" in m.html_body
    assert [a.content_type for a in m.attachments] == ["image/png"]


def test_encoded_line_breaks_never_become_headers_or_paths() -> None:
    m = parse("injection.eml")
    assert "\r" not in m.subject and "\n" not in m.subject
    assert m.subject == "Hallo Bcc: all@example.com <script>x</script>"
    assert m.sender is not None and m.sender.address == "eve@example.com"
    assert m.sender.name == "Eve Bcc: victim@example.com"
    assert all("\n" not in value and "\r" not in value for _, value in m.headers)
    assert "From header: line breaks or control characters removed" in m.problems
    attachment, original = m.attachments
    assert original.filename == ORIGINAL_FILENAME
    assert "/" not in attachment.filename and "<" not in attachment.filename
    assert attachment.filename.endswith(".txt")


def test_calendar_invitation_keeps_the_invitation_as_attachments() -> None:
    m = parse("calendar.eml")
    assert m.text_body == "Training am Dienstag."
    assert [a.content_type for a in m.attachments] == ["text/calendar", "application/ics"]
    assert m.attachments[0].filename.endswith(".ics")
    assert m.attachments[1].filename == "invite.ics"


def test_smime_signed_mail_keeps_body_and_signature() -> None:
    m = parse("smime_signed.eml")
    assert m.text_body == "Betrag erhalten."
    (signature,) = m.attachments
    assert (signature.filename, signature.content_type) == ("smime.p7s", "application/pkcs7-signature")


def test_encoded_words_in_unknown_or_lying_charsets() -> None:
    raw = (
        b"From: =?x-unknown?q?J=FCrgen?= <j@example.org>\r\n"
        b"Subject: =?x-unknown?q?K=FCche?= =?iso-8859-1?q?_kostet_100_=80_?= =?utf-8?q?f=C3=BCr?= alle\r\n\r\nx\r\n"
    )
    m = parse_message(raw)
    assert m.subject == "Küche kostet 100 € für alle"
    assert m.sender is not None and m.sender.name == "Jürgen"
    assert "Subject header: unknown charset 'x-unknown', decoded as cp1252" in m.problems
