"""The design's acceptance scenario, Sportverein Neudorf, played through the API of
the embedded system by the club's volunteers, each with their own login.

A citizen offers a basketball hoop; the inbox thanks them and hands the ticket to
the equipment manager, who asks the donor for the size (the answer threads onto
the ticket) and asks the football department in a split-off child ticket; the
board approves and notes its letter; the bookkeeper — who sees nothing else of
the board — issues the receipt and hands the ticket to the press office, which
splits off the article for the youth department.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.embedded import Embedded, start_embedded
from tests.e2e.mail import donation_mail, send
from tests.support import wait_until


@pytest.fixture(scope="module")
def club(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Embedded]:
    with start_embedded(tmp_path_factory.mktemp("neudorf")) as system:
        yield system


async def _only_ticket(api: httpx.AsyncClient, queue: str, title: str) -> str | None:
    items = (await api.get("/tickets", params={"queue": queue, "limit": 100})).json()["items"]
    matching = [item["number"] for item in items if item["title"] == title]
    return matching[0] if matching else None


async def _ok(response: httpx.Response) -> dict:
    assert response.status_code in (200, 201), f"{response.request.method} {response.request.url}: {response.text}"
    return response.json()


async def test_the_basketball_hoop(club: Embedded) -> None:
    await send(donation_mail(subject="Spende: Basketballkorb"), club.smtp_port)

    # 1. The inbox thanks the donor at once and moves the ticket to the equipment manager.
    empfang = await club.login("empfang")
    number = await wait_until(lambda: _only_ticket(empfang, "Allgemein", "Spende: Basketballkorb"), within=20)
    await _ok(await empfang.post(f"/tickets/{number}/reply", json={"body_text": "Vielen Dank für Ihr Angebot!"}))
    ticket = (await empfang.get(f"/tickets/{number}")).json()
    assert ticket["owner"] == "empfang" and ticket["locked"]  # answering locks the ticket to you
    moved = await empfang.post(f"/tickets/{number}/move", json={"queue": "Materialwart"})
    assert moved.status_code == 204  # done, and the ticket left empfang's queues
    assert (await empfang.get(f"/tickets/{number}")).status_code == 404

    # 2. The equipment manager asks the donor for the size; the answer lands on the ticket.
    material = await club.login("materialwart")
    ticket = await _ok(await material.get(f"/tickets/{number}"))
    assert ticket["queue"] == "Materialwart" and not ticket["locked"]  # a move unlocks
    question = await _ok(await material.post(f"/tickets/{number}/reply", json={"body_text": "Wie groß ist der Korb?"}))
    message_id = question["articles"][-1]["message_id"]
    sent = await wait_until(lambda: [m for m in club.outbox() if m["Message-ID"].strip() == message_id], within=20)
    assert sent[0]["Subject"].startswith(f"[Ticket#{number}]") and "spender@example.org" in sent[0]["To"]
    await send(donation_mail(subject="Größe", body="Der Korb ist 3,05 m hoch.", in_reply_to=message_id), club.smtp_port)
    answered = await wait_until(lambda: _articles_with(material, number, "3,05 m"), within=20)
    child = await _ok(
        await material.post(
            f"/tickets/{number}/split",
            json={
                "article_id": answered["id"],
                "queue": "Abteilung Fußball",
                "title": "Basketballkorb neben dem Fußballplatz?",
            },
        )
    )
    child_number = child["number"]

    # 3. The board has watched every step, approves, notes its letter, hands on to the treasurer.
    vorstand = await club.login("vorstand")
    history = [entry["type"] for entry in (await _ok(await vorstand.get(f"/tickets/{number}/history")))]
    assert {"NewTicket", "SendAnswer", "Move", "FollowUp", "Split"} <= set(history)
    await _ok(
        await vorstand.post(
            f"/tickets/{number}/notes", json={"body_text": "Montage genehmigt. Dankschreiben per Post verschickt."}
        )
    )
    assert (await vorstand.post(f"/tickets/{number}/move", json={"queue": "Vorstand::Schatzmeister"})).is_success
    await send(
        donation_mail(
            subject="Vertraulich: Vorstandssitzung", to="vorstand@neudorf.example", sender="mitglied@example.org"
        ),
        club.smtp_port,
    )
    secret = await wait_until(lambda: _only_ticket(vorstand, "Vorstand", "Vertraulich: Vorstandssitzung"), within=20)

    # 4. The bookkeeper issues the receipt and hands the ticket to the press office;
    #    of the board she sees nothing else.
    kasse = await club.login("buchhaltung")
    assert (await kasse.get(f"/tickets/{secret}")).status_code == 404
    assert "Vorstand" not in [q["name"] for q in (await kasse.get("/queues")).json()["items"]]
    receipt = {
        "filename": "Sachspendenquittung.pdf",
        "content_type": "application/pdf",
        "content_b64": base64.b64encode(b"%PDF-1.4 receipt").decode(),
    }
    await _ok(
        await kasse.post(
            f"/tickets/{number}/notes",
            json={
                "body_text": "Sachspendenquittung ausgestellt.",
                "visible_for_customer": True,
                "attachments": [receipt],
            },
        )
    )
    assert (await kasse.post(f"/tickets/{number}/move", json={"queue": "Öffentlichkeitsarbeit::Presse"})).is_success

    # 5. The press office writes the article together with the youth department.
    presse = await club.login("presse")
    ticket = await _ok(await presse.get(f"/tickets/{number}"))
    receipt_note = next(a for a in ticket["articles"] if a["attachments"])
    assert receipt_note["attachments"][0]["filename"] == "Sachspendenquittung.pdf"
    youth = await _ok(
        await presse.post(
            f"/tickets/{number}/split",
            json={
                "article_id": receipt_note["id"],
                "queue": "Abteilung Fußball::Jugend",
                "title": "Artikel für die Webseite",
            },
        )
    )
    jugend = await club.login("jugend")
    assert (await _ok(await jugend.get(f"/tickets/{youth['number']}")))["queue"] == "Abteilung Fußball::Jugend"

    # Every step is in the history, in order, and the children are linked.
    admin = club.api()
    async with admin:
        entries = await _ok(await admin.get(f"/tickets/{number}/history"))
        moves = [e["new"] for e in entries if e["type"] == "Move"]
        assert moves == ["Materialwart", "Vorstand::Schatzmeister", "Öffentlichkeitsarbeit::Presse"]
        linked = {link["number"] for link in (await _ok(await admin.get(f"/tickets/{number}")))["links"]}
        assert {child_number, youth["number"]} <= linked
    for client in (empfang, material, vorstand, kasse, presse, jugend):
        await client.aclose()


async def _articles_with(api: httpx.AsyncClient, number: str, text: str) -> dict | None:
    articles = (await api.get(f"/tickets/{number}")).json()["articles"]
    return next((a for a in articles if text in (a["body_text"] or "")), None)
