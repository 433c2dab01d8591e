"""Agent mail goes out as text + HTML: the HTML from the text, greeted and signed, escaped, no remote resources."""

from __future__ import annotations

from html.parser import HTMLParser

from services.tickets.tests.service.conftest import login, mail, outbox_events

TEXT = 'Danke für den <img src="http://tracker.example/p.png"> Korb & alles!\nZweite Zeile.\n\n> Ihr Korb\n> > ist rot'


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


async def test_a_reply_has_an_html_part_with_salutation_and_signature(client, service, database, neudorf):
    await service.handlers.handle(mail(message_id="<donor@example.org>"))
    empfang = await login(client, "empfang")
    [summary] = (await client.get("/api/v1/tickets?queue=Allgemein", headers=empfang)).json()["items"]

    sent = await client.post(f"/api/v1/tickets/{summary['number']}/reply", headers=empfang, json={"body_text": TEXT})

    assert sent.status_code == 200, sent.text
    out = (await outbox_events(database))[-1].data["outbound_mail"]
    assert out["body_text"].startswith("Guten Tag Sam Spender,\n\nDanke für den <img")
    assert out["body_text"].endswith("-- \nMit sportlichen Grüßen\nSportverein Neudorf e. V.\nAllgemein")
    html = out["body_html"]
    assert "<p>Guten Tag Sam Spender,</p>" in html
    assert "Danke für den &lt;img src=" in html and "Korb &amp; alles!<br>Zweite Zeile.</p>" in html
    assert "<blockquote><p>Ihr Korb</p><blockquote><p>ist rot</p></blockquote></blockquote>" in html
    assert "<p>--<br>Mit sportlichen Grüßen<br>Sportverein Neudorf e. V.<br>Allgemein</p>" in html
    tags = _tags(html)
    assert {t for t, _ in tags} <= {"html", "head", "meta", "body", "p", "br", "blockquote"}
    assert [attrs for t, attrs in tags if t not in ("meta",) and attrs] == []
    assert "http://tracker.example" not in "".join(str(a) for _, a in tags)


async def test_a_forward_is_signed_but_not_greeted(client, service, database, neudorf):
    await service.handlers.handle(mail(message_id="<donor@example.org>"))
    empfang = await login(client, "empfang")
    [summary] = (await client.get("/api/v1/tickets?queue=Allgemein", headers=empfang)).json()["items"]

    sent = await client.post(
        f"/api/v1/tickets/{summary['number']}/forward",
        headers=empfang,
        json={"to": ["haendler@example.com"], "body_text": "Bitte prüfen."},
    )

    assert sent.status_code == 200, sent.text
    out = (await outbox_events(database))[-1].data["outbound_mail"]
    assert out["body_text"].startswith("Bitte prüfen.") and "Guten Tag" not in out["body_text"]
    assert out["body_html"].count("<p>Bitte prüfen.</p>") == 1 and "Sportverein Neudorf e. V." in out["body_html"]
