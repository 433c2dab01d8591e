"""Split for parallel work and merge, through the API on PostgreSQL."""

from __future__ import annotations

import base64

from services.tickets.tests.service.conftest import login, mail, outbox_events


async def test_split_an_article_into_a_child_ticket_for_fussball(client, database, neudorf):
    admin = await login(client, "admin")
    parent = (await client.get(f"/api/v1/tickets/{neudorf['kasse']}", headers=admin)).json()
    article = parent["articles"][0]

    response = await client.post(
        f"/api/v1/tickets/{parent['number']}/split",
        headers=admin,
        json={"article_id": article["id"], "queue": "Abteilung Fußball", "title": "Korb neben dem Platz?"},
    )
    assert response.status_code == 201, response.text
    child_number = response.json()["number"]
    child = (await client.get(f"/api/v1/tickets/{child_number}", headers=admin)).json()
    assert (child["queue"], child["title"], child["customer_email"]) == (
        "Abteilung Fußball",
        "Korb neben dem Platz?",
        parent["customer_email"],
    )
    [copy] = child["articles"]
    assert copy["body_text"] == article["body_text"] and copy["message_id"] is None
    assert [a["filename"] for a in copy["attachments"]] == ["Quittung Nr. 1.pdf"]
    assert child["links"] == [{"number": parent["number"], "title": parent["title"], "state": "new", "type": "parent"}]
    parent_after = (await client.get(f"/api/v1/tickets/{parent['number']}", headers=admin)).json()
    assert [(lk["number"], lk["type"]) for lk in parent_after["links"]] == [(child_number, "child")]
    assert len(parent_after["articles"]) == 1
    history = (await client.get(f"/api/v1/tickets/{parent['number']}/history", headers=admin)).json()
    assert history[-1]["type"] == "Split" and history[-1]["new"] == child_number
    created = (await outbox_events(database))[-1]
    assert (created.type, created.data["number"], created.data["origin"]) == ("ticket.created", child_number, "split")

    # The bookkeeper sees the parent, but not the child in Fußball, nor its link.
    buchhaltung = await login(client, "buchhaltung")
    assert (await client.get(f"/api/v1/tickets/{parent['number']}", headers=buchhaltung)).json()["links"] == []
    assert (
        await client.post(
            f"/api/v1/tickets/{parent['number']}/split",
            headers=buchhaltung,
            json={"article_id": article["id"], "queue": "Vorstand"},
        )
    ).status_code == 403


async def test_split_of_a_foreign_article_is_404(client, neudorf):
    admin = await login(client, "admin")
    other = (await client.get(f"/api/v1/tickets/{neudorf['vorstand']}", headers=admin)).json()["articles"][0]
    response = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/split", headers=admin, json={"article_id": other["id"]}
    )
    assert response.status_code == 404


async def test_merge_moves_articles_and_follow_ups_to_the_target(client, service, database, neudorf):
    admin = await login(client, "admin")
    source, target = neudorf["vorstand"], neudorf["kasse"]
    merged = await client.post(f"/api/v1/tickets/{source}/merge", headers=admin, json={"into": target})
    assert merged.status_code == 200, merged.text
    assert [a["message_id"] for a in merged.json()["articles"]] == ["<v@x>", "<k@x>"]  # in time order
    old = (await client.get(f"/api/v1/tickets/{source}", headers=admin)).json()
    assert (old["state"], old["merged_into"], old["articles"]) == ("merged", target, [])

    # A reply to the old number, and one to the old Message-ID, both land on the target.
    await service.handlers.handle(mail(subject=f"Re: [Ticket#{source}]", message_id="<a1@x>"))
    await service.handlers.handle(mail(subject="Re:", message_id="<a2@x>", in_reply_to="<v@x>"))
    after = (await client.get(f"/api/v1/tickets/{target}", headers=admin)).json()
    assert [a["message_id"] for a in after["articles"]][-2:] == ["<a1@x>", "<a2@x>"]
    assert (await client.get("/api/v1/tickets", headers=admin)).json()["total"] == 2

    again = await client.post(f"/api/v1/tickets/{source}/merge", headers=admin, json={"into": target})
    assert again.status_code == 422
    itself = await client.post(f"/api/v1/tickets/{target}/merge", headers=admin, json={"into": target})
    assert itself.status_code == 422


async def test_merge_needs_rw_on_both(client, neudorf):
    buchhaltung = await login(client, "buchhaltung")
    hidden_target = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/merge", headers=buchhaltung, json={"into": neudorf["vorstand"]}
    )
    assert hidden_target.status_code == 404


async def test_note_with_attachment_is_downloadable(client, neudorf):
    buchhaltung = await login(client, "buchhaltung")
    receipt = base64.b64encode(b"Zuwendungsbestaetigung").decode()
    note = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/notes",
        headers=buchhaltung,
        json={
            "body_text": "Quittung anbei.",
            "attachments": [
                {"filename": "Zuwendungsbestätigung.pdf", "content_type": "application/pdf", "content_b64": receipt}
            ],
        },
    )
    [file] = note.json()["articles"][-1]["attachments"]
    download = await client.get(f"/api/v1/tickets/{neudorf['kasse']}/attachments/{file['id']}", headers=buchhaltung)
    assert download.content == b"Zuwendungsbestaetigung"
    assert "filename*=UTF-8''Zuwendungsbest%C3%A4tigung.pdf" in download.headers["content-disposition"]
    broken = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/notes",
        headers=buchhaltung,
        json={"body_text": "x", "attachments": [{"filename": "a", "content_b64": "%%%"}]},
    )
    assert broken.status_code == 422
