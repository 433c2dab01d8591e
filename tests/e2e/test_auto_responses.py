"""Auto-responses by kind and HTML replies end to end on the embedded default: mail in over
SMTP, the queues set up through the admin API, what goes out read from ``var/outbox/*.eml``.

The rate limit is raised far here (1000 a day) so that one customer can get several
kinds in a row; ``test_mail_loop`` keeps the default and shows the limit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage

import httpx
import pytest

from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail, send
from tests.support import wait_until

QUOTE = "Meine geheime Zwischenfrage"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with start_embedded(tmp_path_factory.mktemp("responses"), UMLAUF_NOTIFY_AUTO_REPLIES_PER_DAY="1000") as system:
        yield system


def _text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


async def _mail_out(desk: Embedded, to: str, marker: str, count: int = 1) -> list[EmailMessage]:
    """The mails to ``to`` whose subject or text has ``marker``, once there are ``count`` of them."""

    def found() -> list[EmailMessage] | None:
        mails = [m for m in desk.outbox() if to in str(m["To"]) and (marker in str(m["Subject"]) or marker in _text(m))]
        return mails if len(mails) >= count else None

    return await wait_until(found, within=30)


def _number(message: EmailMessage) -> str:
    match = re.search(r"\[Ticket#(\d+)\]", str(message["Subject"]))
    assert match, message["Subject"]
    return match.group(1)


async def _open_ticket(desk: Embedded, sender: str, to: str, subject: str) -> tuple[str, EmailMessage]:
    await send(donation_mail(subject=subject, sender=sender, to=to), desk.smtp_port)
    [first] = await _mail_out(desk, sender, subject)
    assert first["Auto-Submitted"] == "auto-replied"
    return _number(first), first


async def _queue_with_policy(api: httpx.AsyncClient, name: str, address: str, policy: str) -> None:
    created = await api.post(
        "/admin/queues",
        json={"name": name, "group": "users", "address": address, "follow_up_policy": policy},
    )
    assert created.status_code == 201, created.text
    responses = {
        "new": {"body": "Eingang {{ ticket.number }} in {{ queue.name }}."},
        "reject": {"subject": "Abgelehnt: {{ ticket.title }}", "body": "Vorgang {{ ticket.number }} bleibt zu."},
        "new_after_closed": {"subject": "Neu: {{ ticket.title }}", "body": "Neuer Vorgang {{ ticket.number }}."},
    }
    put = await api.put(f"/admin/queues/{created.json()['id']}/auto-responses", json=responses)
    assert put.status_code == 200, put.text


async def _close(api: httpx.AsyncClient, number: str) -> None:
    response = await api.post(f"/tickets/{number}/state", json={"state": "closed successful"})
    assert response.status_code == 200, response.text


async def test_a_follow_up_to_an_open_ticket_gets_the_follow_up_response(desk: Embedded) -> None:
    sender = "trikots@example.org"
    number, _ = await _open_ticket(desk, sender, "info@neudorf.example", "Trikots")

    await send(donation_mail(subject=f"Re: [Ticket#{number}] Trikots", sender=sender, body=QUOTE), desk.smtp_port)

    [response] = await _mail_out(desk, sender, "hinzugefügt")
    assert _number(response) == number and response["Auto-Submitted"] == "auto-replied"
    assert f"dem Vorgang {number} hinzugefügt" in _text(response)
    assert QUOTE not in response.as_string()


async def test_a_mail_to_a_closed_ticket_in_a_reject_queue_gets_the_reject_response(desk: Embedded) -> None:
    sender = "spaet@example.org"
    async with desk.api() as api:
        await _queue_with_policy(api, "Kleiderkammer", "kleider@neudorf.example", "reject")
        number, _ = await _open_ticket(desk, sender, "kleider@neudorf.example", "Alte Jacke")
        await _close(api, number)

        await send(
            donation_mail(subject=f"Re: [Ticket#{number}]", sender=sender, to="kleider@neudorf.example", body=QUOTE),
            desk.smtp_port,
        )

        [rejected] = await _mail_out(desk, sender, "Abgelehnt")
        assert rejected["Subject"] == f"[Ticket#{number}] Abgelehnt: Alte Jacke"
        assert f"Vorgang {number} bleibt zu." in _text(rejected) and QUOTE not in rejected.as_string()
        ticket = (await api.get(f"/tickets/{number}")).json()
        assert ticket["state"] == "closed successful" and len(ticket["articles"]) == 2
        assert QUOTE in ticket["articles"][-1]["body_text"]  # the article is kept


async def test_a_mail_to_a_closed_ticket_in_a_new_ticket_queue_gets_new_after_closed(desk: Embedded) -> None:
    sender = "wieder@example.org"
    async with desk.api() as api:
        await _queue_with_policy(api, "Vereinsheim", "heim@neudorf.example", "new_ticket")
        old, _ = await _open_ticket(desk, sender, "heim@neudorf.example", "Schlüssel")
        await _close(api, old)

        await send(
            donation_mail(subject=f"Re: [Ticket#{old}] Schlüssel", sender=sender, to="heim@neudorf.example"),
            desk.smtp_port,
        )

        [fresh] = await _mail_out(desk, sender, "Neuer Vorgang")
        new = _number(fresh)
        assert new != old and str(fresh["Subject"]).startswith(f"[Ticket#{new}] Neu: ")
        assert f"Neuer Vorgang {new}." in _text(fresh)
        assert (await api.get(f"/tickets/{old}")).json()["state"] == "closed successful"
        assert (await api.get(f"/tickets/{new}")).json()["queue"] == "Vereinsheim"


async def test_a_replys_eml_has_text_and_html_with_salutation_and_signature(desk: Embedded) -> None:
    sender = "antwort@example.org"
    number, _ = await _open_ticket(desk, sender, "info@neudorf.example", "Hallenzeiten")
    async with desk.api() as api:
        replied = await api.post(
            f"/tickets/{number}/reply",
            json={
                "subject": "Hallenzeiten\r\nBcc: evil@example.org",
                "body_text": "Dienstags <b>ab 18 Uhr</b>.\n\n> Wann ist die Halle frei?",
            },
        )
        assert replied.status_code == 200, replied.text
        message_id = replied.json()["articles"][-1]["message_id"]

    [reply] = await wait_until(
        lambda: [m for m in desk.outbox() if str(m["Message-ID"]).strip() == message_id] or None, within=30
    )
    assert reply.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in reply.iter_parts()] == ["text/plain", "text/html"]
    text, html = _text(reply), reply.get_body(("html",)).get_content()
    assert text.startswith(f"Guten Tag {sender},") and "Mit sportlichen Grüßen\nSportverein Neudorf e. V." in text
    assert f"<p>Guten Tag {sender},</p>" in html and "Mit sportlichen Grüßen<br>Sportverein Neudorf e. V." in html
    assert "Dienstags &lt;b&gt;ab 18 Uhr&lt;/b&gt;." in html
    assert "<blockquote><p>Wann ist die Halle frei?</p></blockquote>" in html
    assert not re.search(r"(src|href)\s*=", html, re.IGNORECASE)
    # The subject's line break did not make a header: no Bcc, one Subject line.
    assert reply["Bcc"] is None and "evil@example.org" not in str(reply["To"])
    raw = reply.as_bytes()
    headers = raw.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
    assert not re.search(rb"^Bcc:", headers, re.MULTILINE)
    assert str(reply["Subject"]) == f"[Ticket#{number}] Hallenzeiten Bcc: evil@example.org"
