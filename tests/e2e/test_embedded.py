"""The first flow end to end on the embedded default: ``umlauf up`` as a real
process, mail in over SMTP, the ticket through the API, the auto-reply in
``var/outbox``, the customer's replies threaded onto the same ticket."""

from __future__ import annotations

import re
import smtplib
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail, rcpt_codes, send
from tests.support import wait_until


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with start_embedded(tmp_path_factory.mktemp("embedded")) as system:
        yield system


async def _ticket_numbers(api: httpx.AsyncClient, queue: str) -> list[str]:
    response = await api.get("/tickets", params={"queue": queue, "limit": 100})
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


async def _articles(api: httpx.AsyncClient, number: str) -> list[dict]:
    response = await api.get(f"/tickets/{number}")
    assert response.status_code == 200, response.text
    return response.json()["articles"]


async def test_mail_becomes_ticket_with_auto_reply_and_threaded_replies(embedded: Embedded) -> None:
    original = donation_mail(attachment=b"\x89PNG\r\n\x1a\n fake image bytes")
    await send(original, embedded.smtp_port)

    async with embedded.api() as api:
        numbers = await wait_until(lambda: _ticket_numbers(api, "Allgemein"), within=20)
        assert len(numbers) == 1
        number = numbers[0]
        today = datetime.now(UTC).strftime("%Y%m%d")
        assert re.fullmatch(rf"{today}10\d{{5}}\d", number), number

        ticket = (await api.get(f"/tickets/{number}")).json()
        assert ticket["state"] == "new" and ticket["priority"] == 3 and ticket["queue"] == "Allgemein"
        (article,) = ticket["articles"]
        assert article["subject"] == "Spende: Basketballkorb"
        assert "Basketballkorb spenden" in article["body_text"]
        assert [a["filename"] for a in article["attachments"]] == ["Korb-Foto.png"]
        attachment = await api.get(f"/tickets/{number}/attachments/{article['attachments'][0]['id']}")
        assert attachment.content == b"\x89PNG\r\n\x1a\n fake image bytes"

        replies = await wait_until(
            lambda: [m for m in embedded.outbox() if f"[Ticket#{number}]" in str(m["Subject"])], within=20
        )
        (auto_reply,) = replies
        assert auto_reply["Subject"] == f"[Ticket#{number}] Spende: Basketballkorb"
        assert auto_reply["Auto-Submitted"] == "auto-replied"
        assert auto_reply["In-Reply-To"] == original["Message-ID"]
        assert original["Message-ID"] in auto_reply["References"]
        assert "spender@example.org" in auto_reply["To"]
        assert "info@neudorf.example" in auto_reply["From"]

        # The donor replies quoting the hook in the subject: same ticket, no new one.
        await send(
            donation_mail(subject=f"Re: [Ticket#{number}] Spende: Basketballkorb", body="Er ist 3 m hoch."),
            embedded.smtp_port,
        )
        await wait_until(lambda: _count_articles(api, number, 2), within=20)
        # A reply that only carries In-Reply-To of our auto-reply lands there too.
        await send(
            donation_mail(subject="Noch etwas", body="Und er ist rot.", in_reply_to=auto_reply["Message-ID"]),
            embedded.smtp_port,
        )
        articles = await wait_until(lambda: _count_articles(api, number, 3), within=20)
        assert articles[2]["body_text"].strip().startswith("Und er ist rot.")
        assert await _ticket_numbers(api, "Allgemein") == [number]

        history = (await api.get(f"/tickets/{number}/history")).json()
        types = (
            [entry["type"] for entry in history["items"]]
            if isinstance(history, dict)
            else [entry["type"] for entry in history]
        )
        assert types[0] == "NewTicket" and types.count("FollowUp") == 2


async def _count_articles(api: httpx.AsyncClient, number: str, expected: int) -> list[dict] | None:
    articles = await _articles(api, number)
    return articles if len(articles) == expected else None


async def test_no_auto_reply_to_auto_submitted_mail(embedded: Embedded) -> None:
    message = donation_mail(
        subject="Abwesenheitsnotiz", sender="robot@example.net", headers={"Auto-Submitted": "auto-replied"}
    )
    await send(message, embedded.smtp_port)
    async with embedded.api() as api:
        number = (await wait_until(lambda: _numbers_with_title(api, "Abwesenheitsnotiz"), within=20))[0]
        # Give notify time to (wrongly) answer, then check it did not.
        ticket = (await api.get(f"/tickets/{number}")).json()
        assert ticket["title"] == "Abwesenheitsnotiz"
    await _settle(embedded, number)
    assert not [m for m in embedded.outbox() if f"[Ticket#{number}]" in str(m["Subject"])]


async def _numbers_with_title(api: httpx.AsyncClient, title: str) -> list[str]:
    response = await api.get("/tickets", params={"queue": "Allgemein", "limit": 100})
    return [item["number"] for item in response.json()["items"] if item["title"] == title]


async def _settle(embedded: Embedded, number: str) -> None:
    """Send a marker mail after the one under test and wait for its auto-reply:
    in-process dispatch is ordered, so anything due for ``number`` has happened. One sender
    per marker, so that no marker uses up another sender's daily count of auto-replies."""
    marker = donation_mail(subject=f"marker after {number}", sender=f"marker-{number}@example.org")
    await send(marker, embedded.smtp_port)
    await wait_until(lambda: [m for m in embedded.outbox() if f"marker after {number}" in str(m["Subject"])], within=20)


async def test_broken_mail_still_becomes_a_ticket_with_the_raw_message(embedded: Embedded) -> None:
    raw = (
        b"From: =?broken-charset?Q?Kaputt=FC?= <broken@example.org>\r\n"
        b"To: info@neudorf.example\r\nSubject: Kaputte Mail\r\n"
        b'Content-Type: multipart/mixed; boundary="nope"\r\n\r\n'
        b"--nope\r\nContent-Type: text/plain; charset=x-unknown\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64\xff\xfe\r\n"
    )
    with smtplib.SMTP("127.0.0.1", embedded.smtp_port, timeout=30) as client:
        client.sendmail("broken@example.org", ["info@neudorf.example"], raw)
    async with embedded.api() as api:
        number = (await wait_until(lambda: _numbers_with_title(api, "Kaputte Mail"), within=20))[0]
        (article,) = await _articles(api, number)
        names = [a["filename"] for a in article["attachments"]]
        assert "original.eml" in names


def test_oversized_mail_is_refused_with_552(embedded: Embedded) -> None:
    big = donation_mail(subject="Zu groß", body="x" * (3 * 1024 * 1024))
    with smtplib.SMTP("127.0.0.1", embedded.smtp_port, timeout=30) as client:
        with pytest.raises(smtplib.SMTPException) as refused:
            client.send_message(big)
    code = (
        getattr(refused.value, "smtp_code", None)
        or next(iter(getattr(refused.value, "recipients", {}).values()), (None,))[0]
    )
    assert code == 552


async def _refused(port: int, recipients: list[str]) -> bool:
    return await rcpt_codes(port, recipients) == [550] * len(recipients)


async def test_unknown_recipients_are_refused_at_rcpt(embedded: Embedded) -> None:
    # Tickets announces its system addresses when it starts; ingest accepts everything until then.
    unknown = ["niemand@neudorf.example"]
    await wait_until(lambda: _refused(embedded.smtp_port, unknown), within=20, interval=0.5)
    recipients = ["Info@Neudorf.example", "kasse@neudorf.example", "postmaster@neudorf.example", "x@elsewhere.example"]
    assert await rcpt_codes(embedded.smtp_port, recipients) == [250, 250, 250, 550]

    raw = bytes(donation_mail(subject="Ein guter, ein falscher Empfänger"))
    with smtplib.SMTP("127.0.0.1", embedded.smtp_port, timeout=30) as client:
        refused = client.sendmail("spender@example.org", ["info@neudorf.example", "niemand@neudorf.example"], raw)
    assert list(refused) == ["niemand@neudorf.example"] and refused["niemand@neudorf.example"][0] == 550
    async with embedded.api() as api:
        numbers = await wait_until(lambda: _numbers_with_title(api, "Ein guter, ein falscher Empfänger"), within=20)
        assert len(numbers) == 1


async def test_mail_flagged_as_spam_lands_in_the_spam_queue_without_auto_reply(embedded: Embedded) -> None:
    spam = donation_mail(subject="Sie haben gewonnen", sender="gewinn@example.net", headers={"X-Spam-Flag": "YES"})
    await send(spam, embedded.smtp_port)
    async with embedded.api() as api:

        async def in_spam() -> list[str]:
            response = await api.get("/tickets", params={"queue": "Spam", "limit": 100})
            assert response.status_code == 200, response.text
            return [item["number"] for item in response.json()["items"] if item["title"] == "Sie haben gewonnen"]

        [number] = await wait_until(in_spam, within=20)
        assert await _numbers_with_title(api, "Sie haben gewonnen") == []  # not in the inbox Allgemein
    await _settle(embedded, number)
    assert not [m for m in embedded.outbox() if f"[Ticket#{number}]" in str(m["Subject"])]
