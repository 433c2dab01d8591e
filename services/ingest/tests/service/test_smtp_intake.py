"""Mail over a real socket to the SMTP intake, stored in PostgreSQL, announced through the outbox."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest

from services.ingest.tests.service.conftest import RunningIngest, start_ingest

CORPUS = Path(__file__).parent.parent / "unit" / "corpus"


def donation_mail() -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "Jürgen Müller <juergen@example.org>"
    mail["To"] = "info@neudorf.example"
    mail["Subject"] = "Spende: Basketballkorb für den Sportplatz"
    mail["Message-ID"] = "<hoop-1@example.org>"
    mail.set_content("Ich möchte einen Basketballkorb spenden.")
    mail.add_attachment(b"%PDF-1.4 hoop", maintype="application", subtype="pdf", filename="Maße.pdf")
    return mail


async def send(ingest: RunningIngest, raw: bytes, sender: str, recipients: list[str]) -> str:
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port) as client:
        responses, message = await client.sendmail(sender, recipients, raw)
    assert all(code == 250 for code, _ in responses.values())
    return message


async def test_mail_is_stored_before_250_and_announced_once(ingest: RunningIngest) -> None:
    raw = donation_mail().as_bytes()
    reply = await send(ingest, raw, "bounces@example.org", ["info@neudorf.example", "kasse@neudorf.example"])
    (row,) = await ingest.raw_rows()  # committed before the 250 came back
    assert reply.startswith("2.0.0 OK queued as ")
    assert str(row.id) in reply
    assert row.raw.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert (row.envelope_from, row.envelope_to, row.source) == (
        "bounces@example.org",
        ["info@neudorf.example", "kasse@neudorf.example"],
        "smtp",
    )

    ((envelope, event),) = await ingest.wait_for_events(1)
    assert (envelope.type, envelope.version, envelope.source) == ("ingest.message.received", 1, "ingest")
    assert event.raw_message_id == row.id
    assert event.envelope_from == "bounces@example.org"
    assert event.envelope_to == ["info@neudorf.example", "kasse@neudorf.example"]
    assert (event.from_address, event.from_name) == ("juergen@example.org", "Jürgen Müller")
    assert event.subject == "Spende: Basketballkorb für den Sportplatz"
    assert event.message_id == "<hoop-1@example.org>"
    assert event.text_body.strip() == "Ich möchte einen Basketballkorb spenden."
    (attachment,) = event.attachments
    assert (attachment.filename, attachment.size) == ("Maße.pdf", 13)
    assert base64.b64decode(attachment.content_b64) == b"%PDF-1.4 hoop"
    assert event.parse_problems == []
    assert not (event.auto_submitted or event.is_bounce or event.is_list)

    (row,) = await ingest.raw_rows()
    assert (row.status, row.event_id, row.message_id) == ("parsed", envelope.id, "<hoop-1@example.org>")


async def test_message_over_the_size_limit_gets_552_and_nothing_is_stored(ingest: RunningIngest) -> None:
    mail = donation_mail()
    mail.add_attachment(b"x" * (80 * 1024), maintype="application", subtype="octet-stream", filename="big.bin")
    with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
        await send(ingest, mail.as_bytes(), "a@example.org", ["info@neudorf.example"])
    assert refused.value.code == 552
    assert await ingest.raw_rows() == []
    assert await ingest.outbox_count() == 0


async def test_message_over_the_limit_without_size_announcement_gets_552(ingest: RunningIngest) -> None:
    """A client that does not use ESMTP SIZE is refused after DATA, and nothing is kept."""
    raw = donation_mail().as_bytes() + b"\r\n" + b"y" * 998 + b"\r\n"
    raw += (b"z" * 998 + b"\r\n") * 80
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port) as client:
        await client.helo()  # plain SMTP: no SIZE parameter on MAIL FROM
        await client.mail("a@example.org")
        await client.rcpt("info@neudorf.example")
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await client.data(raw)
    assert refused.value.code == 552
    assert await ingest.raw_rows() == []


async def test_garbage_still_becomes_an_event_with_the_original_attached(ingest: RunningIngest) -> None:
    raw = (CORPUS / "garbage.eml").read_bytes()
    await send(ingest, raw, "", ["info@neudorf.example"])
    ((_, event),) = await ingest.wait_for_events(1)
    assert event.parse_problems
    assert event.is_bounce, "null sender"
    assert event.envelope_from == ""
    original = event.attachments[-1]
    assert original.filename == "original.eml"
    (row,) = await ingest.raw_rows()
    assert base64.b64decode(original.content_b64) == row.raw, "the bytes as received (SMTP made the line ends CRLF)"
    assert row.status == "parsed" and row.parse_problems == event.parse_problems


async def test_corpus_mails_flow_through_as_events(ingest: RunningIngest) -> None:
    names = ["umlauts.eml", "html_only.eml", "dsn.eml", "autoreply.eml", "list.eml", "broken_charset.eml"]
    for name in names:
        await send(ingest, (CORPUS / name).read_bytes(), "sender@example.org", ["info@neudorf.example"])
    events = {e.message_id: e for _, e in await ingest.wait_for_events(len(names))}
    assert events["<dsn-1@mx.example.net>"].is_bounce
    assert events["<ooo@example.org>"].auto_submitted
    assert events["<list-1@lists.example.org>"].is_list
    assert "<script" not in (events["<html-only@example.com>"].html_body or "")
    assert events["<broken-charset@example.net>"].parse_problems


async def test_a_mime_bomb_is_quarantined_and_the_next_message_still_flows(pg_url: str) -> None:
    runtime, ingest = await start_ingest(pg_url)
    try:
        parts = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(10_000))
        bomb = (
            b"From: a@example.org\r\nSubject: Bombe\r\nMessage-ID: <bomb@example.org>\r\n"
            b"Content-Type: multipart/mixed; boundary=b\r\n\r\n" + parts + b"--b--\r\n"
        )
        await send(ingest, bomb, "a@example.org", ["info@neudorf.example"])
        await send(ingest, donation_mail().as_bytes(), "b@example.org", ["info@neudorf.example"])
        (_, quarantined), (_, after) = await ingest.wait_for_events(2)
        assert quarantined.subject == "Bombe"
        assert quarantined.parse_problems == ["quarantined: more than 1000 MIME parts"]
        assert [a.filename for a in quarantined.attachments] == ["original.eml"]
        assert after.message_id == "<hoop-1@example.org>" and after.parse_problems == []
        statuses = [row.status for row in await ingest.raw_rows()]
        assert statuses == ["quarantined", "parsed"]
    finally:
        await runtime.stop()


async def test_lines_longer_than_rfc_5321_allows_are_accepted(ingest: RunningIngest) -> None:
    """HTML generators write 5,000-character lines; refusing them would bounce real mail."""
    long_line = "Spende " * 700
    raw = b"From: a@example.org\r\nSubject: lang\r\nMessage-ID: <long@example.org>\r\n\r\n" + long_line.encode()
    await send(ingest, raw + b"\r\n", "a@example.org", ["info@neudorf.example"])
    ((_, event),) = await ingest.wait_for_events(1)
    assert event.text_body.strip() == long_line.strip()
