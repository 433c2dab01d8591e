"""Standard answers: administration (admin only, audited), the templates of a queue, rendering for a ticket."""

from __future__ import annotations

import base64

from services.tickets.admin import load_demo
from services.tickets.tests.service.conftest import PROBLEM, login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def _queue_id(client, headers, name: str) -> int:
    queues = (await client.get("/api/v1/queues", headers=headers)).json()["items"]
    return next(q["id"] for q in queues if q["name"] == name)


async def test_templates_are_administered_listed_per_queue_and_rendered_for_a_ticket(neudorf, client):
    admin, buchhaltung = await login(client, "admin"), await login(client, "buchhaltung")
    vorstand = await _queue_id(client, admin, "Vorstand")
    kasse = await _queue_id(client, admin, "Vorstand::Schatzmeister")
    receipt = {
        "filename": "Quittung.pdf",
        "content_type": "application/pdf",
        "content_b64": base64.b64encode(PDF).decode(),
    }
    answer = {
        "name": "Quittung nachreichen",
        "kind": "answer",
        "body": "anbei die Quittung zu {{ ticket.number }} ({{ ticket.title }}).",
        "queue_ids": [vorstand, kasse],
        "attachments": [receipt],
    }
    created = await client.post("/api/v1/admin/templates", json=answer, headers=admin)
    assert created.status_code == 201, created.text
    template_id = created.json()["id"]
    note = {"name": "Intern", "kind": "note", "body": "Bitte {{ queue.name }} prüfen", "queue_ids": [kasse]}
    note_id = (await client.post("/api/v1/admin/templates", json=note, headers=admin)).json()["id"]

    again = await client.post("/api/v1/admin/templates", json=answer, headers=admin)
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    unknown_queue = await client.post(
        "/api/v1/admin/templates", json={**answer, "name": "x", "queue_ids": [9999]}, headers=admin
    )
    assert unknown_queue.status_code == 422
    assert (
        await client.post("/api/v1/admin/templates", json={**answer, "name": "y"}, headers=buchhaltung)
    ).status_code == 403
    assert (await client.get("/api/v1/admin/templates", headers=buchhaltung)).status_code == 403

    in_kasse = (await client.get(f"/api/v1/queues/{kasse}/templates", headers=buchhaltung)).json()
    assert [(t["name"], t["kind"]) for t in in_kasse] == [
        ("Intern", "note"),
        ("Quittung nachreichen", "answer"),
        ("Spendenquittung", "answer"),  # the demo's
    ]
    assert in_kasse[1]["attachments"][0] | {"id": 0} == {
        "id": 0,
        "filename": "Quittung.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
    }
    assert (await client.get(f"/api/v1/queues/{vorstand}/templates", headers=buchhaltung)).status_code == 404

    number = neudorf["kasse"]
    rendered = await client.get(f"/api/v1/tickets/{number}/templates/{template_id}/render", headers=buchhaltung)
    assert rendered.status_code == 200, rendered.text
    text = rendered.json()["text"]
    assert text.startswith("Guten Tag Sam Spender,\n\nanbei die Quittung zu " + number + " (Spendenquittung).")
    assert text.endswith("Sportverein Neudorf e. V.\nVorstand::Schatzmeister")
    assert [a["filename"] for a in rendered.json()["attachments"]] == ["Quittung.pdf"]
    unsigned = rendered.json()["unsigned"]
    assert text.startswith(unsigned) and "Sportverein" not in unsigned
    reply = {"body_text": rendered.json()["unsigned"], "template_id": template_id}
    sent = await client.post(f"/api/v1/tickets/{number}/reply", json=reply, headers=buchhaltung)
    assert sent.status_code == 200, sent.text
    mail = sent.json()["articles"][-1]
    assert [a["filename"] for a in mail["attachments"]] == ["Quittung.pdf"]
    assert mail["body_text"].count("Sportverein Neudorf e. V.") == 1  # signed once, when sent
    assert mail["body_text"].count("Guten Tag") == 1  # the answer's salutation is not repeated when sent
    wrong = await client.post(
        f"/api/v1/tickets/{neudorf['vorstand']}/reply", json={"body_text": "x", "template_id": note_id}, headers=admin
    )
    assert wrong.status_code == 404
    as_note = await client.get(f"/api/v1/tickets/{number}/templates/{note_id}/render", headers=buchhaltung)
    assert as_note.json()["text"] == "Bitte Vorstand::Schatzmeister prüfen"  # a note is neither greeted nor signed
    hidden = await client.get(
        f"/api/v1/tickets/{neudorf['vorstand']}/templates/{template_id}/render", headers=buchhaltung
    )
    assert hidden.status_code == 404  # a ticket the bookkeeper may not read
    other_queue = await client.get(f"/api/v1/tickets/{neudorf['vorstand']}/templates/{note_id}/render", headers=admin)
    assert other_queue.status_code == 404  # the note is not assigned to Vorstand

    assert (await client.delete(f"/api/v1/admin/templates/{note_id}", headers=buchhaltung)).status_code == 403
    assert (await client.delete(f"/api/v1/admin/templates/{note_id}", headers=admin)).status_code == 204
    assert (await client.delete(f"/api/v1/admin/templates/{note_id}", headers=admin)).status_code == 404
    assert [t["name"] for t in (await client.get("/api/v1/admin/templates", headers=admin)).json()] == [
        "Dank für das Spendenangebot",
        "Quittung nachreichen",
        "Rückfrage Größe",
        "Spendenquittung",
    ]
    audit = (await client.get("/api/v1/admin/audit", headers=admin)).json()
    assert [(e["action"], e["subject"]) for e in audit if e["action"].startswith("template.")] == [
        ("template.delete", "Intern"),
        ("template.create", "Intern"),
        ("template.create", "Quittung nachreichen"),
    ]  # newest first


async def test_the_demo_brings_german_standard_answers_once(neudorf, client, database, settings):
    await load_demo(database, settings)  # a second time: nothing doubles
    admin = await login(client, "admin")
    demo = {t["name"]: t for t in (await client.get("/api/v1/admin/templates", headers=admin)).json()}
    assert sorted(demo) == ["Dank für das Spendenangebot", "Rückfrage Größe", "Spendenquittung"]
    receipt = demo["Spendenquittung"]
    assert [a["filename"] for a in receipt["attachments"]] == ["Spendenquittung.pdf"]
    rendered = await client.get(f"/api/v1/tickets/{neudorf['kasse']}/templates/{receipt['id']}/render", headers=admin)
    assert f"Spendenquittung zu Ihrer Spende ({neudorf['kasse']})" in rendered.json()["text"]
