"""Agent actions through the HTTP API, along the Neudorf story, on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.tickets.tests.service.conftest import PROBLEM, login, mail, outbox_events


async def _ticket(client, headers, number):
    response = await client.get(f"/api/v1/tickets/{number}", headers=headers)
    return response.json(), response.headers.get("etag")


async def test_thank_the_donor_then_move_to_materialwart(client, service, database, neudorf):
    await service.handlers.handle(mail(message_id="<donor@example.org>"))
    empfang = await login(client, "empfang")
    [summary] = (await client.get("/api/v1/tickets?queue=Allgemein", headers=empfang)).json()["items"]
    number = summary["number"]
    _, etag = await _ticket(client, empfang, number)

    answered = await client.post(
        f"/api/v1/tickets/{number}/reply",
        headers={**empfang, "If-Match": etag},
        json={"body_text": "Herzlichen Dank für Ihr Angebot!"},
    )
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert (body["locked"], body["owner"], body["state"]) == (True, "empfang", "open")
    assert answered.headers["etag"] == f'"{int(etag.strip(chr(34))) + 1}"'
    sent = body["articles"][-1]
    assert (sent["sender_type"], sent["channel"], sent["delivery"]["status"]) == ("agent", "email", "queued")
    assert sent["subject"] == f"[Ticket#{number}] Re: Spende: ein Basketballkorb"

    added = (await outbox_events(database))[-1]
    out = added.data["outbound_mail"]
    assert (added.type, added.data["article_id"]) == ("ticket.article.added", sent["id"])
    assert out["from_address"] == "info@neudorf.example" and out["to"] == ["spender@example.org"]
    assert out["in_reply_to"] == "<donor@example.org>" and out["references"] == ["<donor@example.org>"]
    assert out["message_id"] == sent["message_id"] and out["auto_submitted"] is None
    assert "Sportverein Neudorf" in out["body_text"]  # the queue's signature

    stale = await client.post(
        f"/api/v1/tickets/{number}/move", headers={**empfang, "If-Match": etag}, json={"queue": "Materialwart"}
    )
    assert stale.status_code == 409 and stale.headers["content-type"] == PROBLEM

    moved = await client.post(f"/api/v1/tickets/{number}/move", headers=empfang, json={"queue": "Materialwart"})
    assert moved.status_code == 204  # empfang may move into Materialwart but not read it
    materialwart = await login(client, "materialwart")
    ticket, _ = await _ticket(client, materialwart, number)
    assert (ticket["queue"], ticket["locked"]) == ("Materialwart", False)  # unlocked on move

    # The donor answers the equipment manager's question: it threads by In-Reply-To to our mail.
    await service.handlers.handle(
        mail(subject="Re: Ihre Anfrage", message_id="<size@example.org>", in_reply_to=sent["message_id"])
    )
    ticket, _ = await _ticket(client, materialwart, number)
    assert [a["message_id"] for a in ticket["articles"]][-1] == "<size@example.org>"

    history = (await client.get(f"/api/v1/tickets/{number}/history", headers=materialwart)).json()
    assert "SystemRouting" in [h["type"] for h in history]  # how the mails were routed and threaded
    history = [h for h in history if h["type"] != "SystemRouting"]
    assert [h["type"] for h in history] == [
        "NewTicket",
        "SendAnswer",
        "OwnerUpdate",
        "Lock",
        "StateUpdate",
        "Move",
        "Unlock",
        "FollowUp",
    ]
    assert history[5]["old"] == "Allgemein" and history[5]["new"] == "Materialwart"
    assert history[1]["actor"] == "agent:empfang"


async def test_permissions_per_action(client, neudorf):
    buchhaltung = await login(client, "buchhaltung")
    hidden = await client.post(
        f"/api/v1/tickets/{neudorf['vorstand']}/notes", headers=buchhaltung, json={"body_text": "?"}
    )
    assert hidden.status_code == 404 and hidden.headers["content-type"] == PROBLEM

    ok = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/notes",
        headers=buchhaltung,
        json={"subject": "Quittung", "body_text": "Quittung ausgestellt."},
    )
    assert ok.status_code == 200
    assert ok.json()["articles"][-1]["channel"] == "note"
    assert ok.json()["articles"][-1]["visible_for_customer"] is False

    into_vorstand = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/move", headers=buchhaltung, json={"queue": "Vorstand"}
    )
    assert into_vorstand.status_code == 403

    unknown_owner = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/owner", headers=buchhaltung, json={"owner": "presse"}
    )
    assert unknown_owner.status_code == 422
    responsible = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/responsible", headers=buchhaltung, json={"responsible": "vorstand"}
    )
    assert responsible.status_code == 200 and responsible.json()["responsible"] == "vorstand"
    owner = await client.post(f"/api/v1/tickets/{neudorf['kasse']}/owner", headers=buchhaltung, json={"owner": "admin"})
    assert owner.json()["owner"] == "admin"


async def test_lock_rules(client, neudorf):
    admin = await login(client, "admin")
    moved = await client.post(
        f"/api/v1/tickets/{neudorf['kasse']}/move", headers=admin, json={"queue": "Öffentlichkeitsarbeit::Presse"}
    )
    assert moved.status_code == 200
    number = neudorf["kasse"]
    presse, jugend, vorstand = [await login(client, n) for n in ("presse", "jugend", "vorstand")]

    assert (await client.post(f"/api/v1/tickets/{number}/lock", headers=presse)).json()["owner"] == "presse"
    blocked = await client.post(f"/api/v1/tickets/{number}/notes", headers=jugend, json={"body_text": "Foto?"})
    assert blocked.status_code == 409  # jugend has note, not rw, and presse holds the lock
    not_without_take_over = await client.post(f"/api/v1/tickets/{number}/lock", headers=vorstand)
    assert not_without_take_over.status_code == 409
    taken = await client.post(f"/api/v1/tickets/{number}/lock", headers=vorstand, json={"take_over": True})
    assert (taken.json()["owner"], taken.json()["locked"]) == ("vorstand", True)
    assert (await client.post(f"/api/v1/tickets/{number}/unlock", headers=vorstand)).json()["locked"] is False
    assert (
        await client.post(f"/api/v1/tickets/{number}/notes", headers=jugend, json={"body_text": "Foto?"})
    ).status_code == 200

    history = (await client.get(f"/api/v1/tickets/{number}/history", headers=admin)).json()
    takeover = [h for h in history if h["type"] == "OwnerUpdate"][-1]
    assert (takeover["old"], takeover["new"], takeover["note"]) == ("presse", "vorstand", "Taken over from presse.")


async def test_state_priority_title(client, neudorf):
    admin = await login(client, "admin")
    number = neudorf["vorstand"]
    url = f"/api/v1/tickets/{number}"
    no_time = await client.post(f"{url}/state", headers=admin, json={"state": "pending reminder"})
    assert no_time.status_code == 422 and "pending time" in no_time.json()["detail"]
    naive = await client.post(
        f"{url}/state", headers=admin, json={"state": "pending reminder", "pending_until": "2026-12-01T10:00:00"}
    )
    assert naive.status_code == 422
    due = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    pending = await client.post(
        f"{url}/state", headers=admin, json={"state": "pending reminder", "pending_until": due.isoformat()}
    )
    assert pending.status_code == 200 and pending.json()["pending_until"].startswith(due.isoformat()[:19])
    assert (await client.post(f"{url}/state", headers=admin, json={"state": "sleeping"})).status_code == 422
    assert (await client.post(f"{url}/state", headers=admin, json={"state": "merged"})).status_code == 422
    assert (await client.post(f"{url}/priority", headers=admin, json={"priority": 6})).status_code == 422
    assert (await client.post(f"{url}/priority", headers=admin, json={"priority": 5})).json()["priority"] == 5
    assert (await client.post(f"{url}/title", headers=admin, json={"title": "Sitzung"})).json()["title"] == "Sitzung"
    closed = await client.post(f"{url}/state", headers=admin, json={"state": "closed successful"})
    assert (closed.json()["state_type"], closed.json()["pending_until"]) == ("closed", None)
    same_again = await client.post(f"{url}/state", headers=admin, json={"state": "closed successful"})
    assert same_again.headers["etag"] == closed.headers["etag"]  # nothing changed, no new version

    history = (await client.get(f"{url}/history", headers=admin)).json()
    types = [h["type"] for h in history if h["type"] != "SystemRouting"]  # routing decisions are also recorded
    assert types == ["NewTicket", "StateUpdate", "SetPendingTime", "PriorityUpdate", "TitleUpdate", "StateUpdate"]
    bad_etag = await client.post(f"{url}/priority", headers={**admin, "If-Match": "yesterday"}, json={"priority": 1})
    assert bad_etag.status_code == 422


async def test_agents_open_phone_and_internal_tickets(client, database, neudorf):
    empfang = await login(client, "empfang")
    created = await client.post(
        "/api/v1/tickets",
        headers=empfang,
        json={
            "queue": "Allgemein",
            "title": "Anruf: Trikotspende",
            "body_text": "Herr Meier ruft an.",
            "customer_email": "meier@example.org",
            "priority": 4,
        },
    )
    assert created.status_code == 201, created.text
    ticket = (await client.get(f"/api/v1/tickets/{created.json()['number']}", headers=empfang)).json()
    [article] = ticket["articles"]
    assert (ticket["priority"], ticket["customer_email"]) == (4, "meier@example.org")
    assert (article["channel"], article["sender_type"], article["visible_for_customer"]) == ("phone", "customer", True)
    event = (await outbox_events(database))[-1]
    assert (event.type, event.data["origin"], event.data["created_by"]) == ("ticket.created", "phone", "agent:empfang")

    internal = await client.post(
        "/api/v1/tickets",
        headers=empfang,
        json={"origin": "internal", "queue": "Allgemein", "title": "Schlüssel", "body_text": "Wer hat den Schlüssel?"},
    )
    note = (await client.get(f"/api/v1/tickets/{internal.json()['number']}", headers=empfang)).json()["articles"][0]
    assert (note["channel"], note["visible_for_customer"]) == ("note", False)

    no_create = await client.post(
        "/api/v1/tickets", headers=empfang, json={"queue": "Vorstand", "title": "x", "body_text": "y"}
    )
    assert no_create.status_code == 403  # empfang may move into Vorstand, not create there
    bad = await client.post(
        "/api/v1/tickets",
        headers=empfang,
        json={"origin": "portal", "queue": "Allgemein", "title": "x", "body_text": "y"},
    )
    assert bad.status_code == 422


async def test_bulk_is_atomic_per_ticket_with_a_result_each(client, neudorf):
    buchhaltung = await login(client, "buchhaltung")
    response = await client.post(
        "/api/v1/tickets/bulk",
        headers=buchhaltung,
        json={
            "numbers": [neudorf["kasse"], neudorf["vorstand"], "0000"],
            "priority": {"priority": 5},
            "note": {"body_text": "Geprüft."},
        },
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(i["number"], i["status"]) for i in items] == [
        (neudorf["kasse"], 200),
        (neudorf["vorstand"], 404),
        ("0000", 404),
    ]
    ticket = (await client.get(f"/api/v1/tickets/{neudorf['kasse']}", headers=buchhaltung)).json()
    assert ticket["priority"] == 5 and ticket["articles"][-1]["body_text"] == "Geprüft."

    # A failing change rolls back the ticket's earlier changes: the priority is applied, then the owner fails.
    failing = await client.post(
        "/api/v1/tickets/bulk",
        headers=buchhaltung,
        json={"numbers": [neudorf["kasse"]], "priority": {"priority": 1}, "owner": {"owner": "nobody"}},
    )
    assert failing.json()["items"][0]["status"] == 422
    assert (await client.get(f"/api/v1/tickets/{neudorf['kasse']}", headers=buchhaltung)).json()["priority"] == 5
    nothing = await client.post("/api/v1/tickets/bulk", headers=buchhaltung, json={"numbers": [neudorf["kasse"]]})
    assert nothing.status_code == 422


async def test_watch_and_archive(client, neudorf):
    vorstand = await login(client, "vorstand")
    number = neudorf["kasse"]
    watched = await client.post(f"/api/v1/tickets/{number}/watch", headers=vorstand)
    assert watched.status_code == 200 and watched.json()["watchers"] == ["vorstand"]
    assert [
        t["number"] for t in (await client.get("/api/v1/tickets?watched=true", headers=vorstand)).json()["items"]
    ] == [number]
    assert (await client.post(f"/api/v1/tickets/{number}/unwatch", headers=vorstand)).json()["watchers"] == []

    not_closed = await client.post(f"/api/v1/tickets/{number}/archive", headers=vorstand)
    assert not_closed.status_code == 422
    await client.post(f"/api/v1/tickets/{number}/state", headers=vorstand, json={"state": "closed successful"})
    archived = await client.post(f"/api/v1/tickets/{number}/archive", headers=vorstand)
    assert archived.json()["archived"] is True
    default = (await client.get("/api/v1/tickets", headers=vorstand)).json()
    assert number not in [t["number"] for t in default["items"]] and default["total"] == 1
    assert (await client.get("/api/v1/tickets?archived=yes", headers=vorstand)).json()["total"] == 1
    assert (await client.get("/api/v1/tickets?archived=all", headers=vorstand)).json()["total"] == 2
    assert (await client.get(f"/api/v1/tickets/{number}", headers=vorstand)).status_code == 200  # by number
    restored = await client.post(f"/api/v1/tickets/{number}/restore", headers=vorstand)
    assert restored.json()["archived"] is False
    history = [h["type"] for h in (await client.get(f"/api/v1/tickets/{number}/history", headers=vorstand)).json()]
    assert history[-5:] == ["Subscribe", "Unsubscribe", "StateUpdate", "Archive", "Restore"]


async def test_link_and_unlink(client, neudorf):
    admin = await login(client, "admin")
    kasse, vorstand = neudorf["kasse"], neudorf["vorstand"]
    linked = await client.post(
        f"/api/v1/tickets/{vorstand}/link", headers=admin, json={"number": kasse, "type": "child"}
    )
    assert linked.json()["links"] == [{"number": kasse, "title": "Spendenquittung", "state": "new", "type": "child"}]
    buchhaltung = await login(client, "buchhaltung")
    assert (await client.get(f"/api/v1/tickets/{kasse}", headers=buchhaltung)).json()["links"] == []
    sideways = await client.post(f"/api/v1/tickets/{kasse}/link", headers=buchhaltung, json={"number": vorstand})
    assert sideways.status_code == 404
    itself = await client.post(f"/api/v1/tickets/{kasse}/link", headers=admin, json={"number": kasse})
    assert itself.status_code == 422
    unlinked = await client.post(f"/api/v1/tickets/{kasse}/unlink", headers=admin, json={"number": vorstand})
    assert unlinked.json()["links"] == []
    history = [h["type"] for h in (await client.get(f"/api/v1/tickets/{kasse}/history", headers=admin)).json()]
    assert history[-2:] == ["Link", "Unlink"]


async def test_type_and_customer(client, neudorf):
    admin = await login(client, "admin")
    url = f"/api/v1/tickets/{neudorf['vorstand']}"
    assert (await client.post(f"{url}/type", headers=admin, json={"type": "Sonstiges"})).status_code == 422
    assert (await client.post(f"{url}/type", headers=admin, json={"type": "Unclassified"})).json()["type"] == (
        "Unclassified"
    )
    changed = await client.post(f"{url}/customer", headers=admin, json={"customer_email": "neu@example.org"})
    assert (changed.json()["customer_email"], changed.json()["customer_user"]) == ("neu@example.org", None)
    back = await client.post(f"{url}/customer", headers=admin, json={"customer_email": "spender@example.org"})
    assert back.json()["customer_user"] == "spender"
    bad = await client.post(f"{url}/customer", headers=admin, json={"customer_email": "a@b.c\r\nBcc: x@y.z"})
    assert bad.status_code == 422


async def test_email_out_ticket_sends_the_first_mail(client, database, neudorf):
    empfang = await login(client, "empfang")
    created = await client.post(
        "/api/v1/tickets",
        headers=empfang,
        json={
            "origin": "email",
            "queue": "Allgemein",
            "title": "Einladung Sommerfest",
            "body_text": "Sie sind eingeladen.",
            "customer_email": "gast@example.org",
        },
    )
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    created_event, added = (await outbox_events(database))[-2:]
    assert (created_event.type, created_event.sequence, created_event.data["origin"]) == ("ticket.created", 1, "email")
    assert (added.type, added.sequence) == ("ticket.article.added", 2)
    mail = added.data["outbound_mail"]
    assert mail["to"] == ["gast@example.org"] and mail["subject"] == f"[Ticket#{number}] Einladung Sommerfest"
    ticket = (await client.get(f"/api/v1/tickets/{number}", headers=empfang)).json()
    assert ticket["articles"][0]["delivery"]["status"] == "queued"
    without = await client.post(
        "/api/v1/tickets",
        headers=empfang,
        json={"origin": "email", "queue": "Allgemein", "title": "x", "body_text": "y"},
    )
    assert without.status_code == 422
