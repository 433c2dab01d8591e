"""Each action of the ticket zoom through its UI form, against the real tickets service: the ticket changes,
the history shows it, the browser is sent back (POST-redirect-GET)."""

import re

import pytest

from services.gateway.tests.service.actions_support import history_types, number_in, seen_version, submit
from services.gateway.tests.system import log_in


async def test_note_appears_on_the_ticket_and_in_the_history(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        response = await submit(browser, number, "notes", {"subject": "Intern", "body_text": "Bitte Maße erfragen."})
        assert response.status_code == 303 and response.headers["location"] == f"/tickets/{number}"
        page = await browser.get(f"/tickets/{number}")
        assert "Bitte Maße erfragen." in page.text
        assert (await history_types(browser, number))[-1] == "AddNote"


async def test_reply_goes_to_the_customer_and_locks_the_ticket_to_the_agent(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "empfang")
        page = await browser.get(f"/tickets/{number}")
        assert "&gt; Wir spenden einen Korb." in page.text  # the reply starts with the donor's text quoted
        response = await submit(browser, number, "reply", {"body_text": "Vielen Dank für Ihre Spende!"})
        assert response.status_code == 303
        page = await browser.get(f"/tickets/{number}")
        assert "Vielen Dank für Ihre Spende!" in page.text
        assert "gesperrt von empfang" in page.text
        assert "Ticket freigeben" in page.text  # the lock button became the unlock button
        assert "SendAnswer" in await history_types(browser, number)


async def test_move_out_of_sight_returns_to_the_queues(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "empfang")
        page = await browser.get(f"/tickets/{number}")
        materialwart = re.search(r'<option value="(\d+)">Materialwart</option>', page.text)
        assert materialwart and ">Vorstand::Schatzmeister<" not in page.text  # only move_into queues are offered
        response = await submit(browser, number, "move", {"queue": materialwart.group(1)})
        assert response.status_code == 303 and response.headers["location"] == "/queues"
        assert (await browser.get(f"/tickets/{number}")).status_code == 404  # empfang may not read Materialwart
    assert await number_in(system, "Materialwart") == number
    async with system.browser() as browser:
        await log_in(browser, "admin")
        assert "Move" in await history_types(browser, number)


@pytest.mark.parametrize(
    ("action", "data", "expected_type", "shown"),
    [
        ("lock", {}, "Lock", "gesperrt von admin"),
        ("owner", {"owner": "vorstand"}, "OwnerUpdate", "vorstand"),
        ("responsible", {"responsible": "vorstand"}, "ResponsibleUpdate", "vorstand"),
        ("priority", {"priority": "5"}, "PriorityUpdate", '<option value="5" selected>'),
        ("state", {"state": "open"}, "StateUpdate", "offen"),
        ("state", {"state": "pending reminder", "pending_until": "2030-12-24T10:00"}, "SetPendingTime", "24.12.2030"),
        ("watch", {}, "Subscribe", "Nicht mehr beobachten"),
    ],
)
async def test_each_simple_action_changes_the_ticket(system, action, data, expected_type, shown):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        response = await submit(browser, number, action, data)
        assert response.status_code == 303, response.text
        page = await browser.get(f"/tickets/{number}")
        assert shown in page.text
        assert expected_type in await history_types(browser, number)


async def test_unlock_and_unwatch_undo_lock_and_watch(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        for action in ("lock", "watch", "unlock", "unwatch"):
            assert (await submit(browser, number, action, {})).status_code == 303
        page = await browser.get(f"/tickets/{number}")
        assert "Ticket sperren" in page.text and ">Beobachten<" in page.text
        assert ["Lock", "Subscribe", "Unlock", "Unsubscribe"] == [
            t for t in await history_types(browser, number) if t in ("Lock", "Subscribe", "Unlock", "Unsubscribe")
        ]


async def test_split_link_and_merge(system):
    number = await number_in(system, "Allgemein")
    other = await number_in(system, "Vorstand")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        page = await browser.get(f"/tickets/{number}")
        article_id = re.search(r'id="article-(\d+)"', page.text).group(1)
        fussball = re.search(r'<option value="(\d+)"[^>]*>Abteilung Fußball</option>', page.text).group(1)
        split = {"article_id": article_id, "queue": fussball, "title": "Korb neben dem Platz?"}
        response = await submit(browser, number, "split", split)
        assert response.status_code == 303 and response.headers["location"] == f"/tickets/{number}#links"
        page = await browser.get(f"/tickets/{number}")
        child = re.search(r'<a href="/tickets/(\d+)">\1</a> Korb neben dem Platz\?', page.text)
        assert child, "the child ticket is linked on the parent"
        assert "Split" in await history_types(browser, number)
        assert (await browser.get(f"/tickets/{child.group(1)}")).text.count("Abteilung Fußball") >= 1

        assert (await submit(browser, number, "link", {"number": other})).status_code == 303
        assert f'href="/tickets/{other}"' in (await browser.get(f"/tickets/{number}")).text

        response = await submit(browser, child.group(1), "merge", {"into": number})
        assert response.status_code == 303 and response.headers["location"] == f"/tickets/{number}"
        assert "Merged" in await history_types(browser, child.group(1))


async def test_a_stale_version_shows_the_fresh_ticket_and_changes_nothing(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        old = seen_version((await browser.get(f"/tickets/{number}")).text)
        assert (await submit(browser, number, "priority", {"priority": "4"})).status_code == 303
        response = await submit(browser, number, "notes", {"body_text": "Zu spät"}, version=old)
        assert response.status_code == 409
        assert "Dieses Ticket wurde zwischenzeitlich geändert" in response.text
        assert '<option value="4" selected>' in response.text  # the ticket as it is now
        assert seen_version(response.text) != old
        assert "Zu spät</pre>" not in response.text
        assert "AddNote" not in await history_types(browser, number)


async def test_refusals_are_shown_beside_the_form_in_german(system):
    number = await number_in(system, "Allgemein")
    schatzmeister = await number_in(system, "Vorstand::Schatzmeister")
    async with system.browser() as browser:
        await log_in(browser, "empfang")
        empty = await submit(browser, number, "notes", {"body_text": "   "})
        assert empty.status_code == 422 and "Bitte schreiben Sie einen Text." in empty.text
        assert '<details class="action" id="action-notes" open>' in empty.text
        refused = await submit(browser, number, "move", {"queue": "Vorstand::Schatzmeister"})
        assert refused.status_code == 403 and "Das dürfen Sie in dieser Queue nicht." in refused.text
        missing = await submit(browser, number, "merge", {"into": schatzmeister})  # empfang may not read it
        assert missing.status_code == 404 and "Nicht gefunden, oder Sie dürfen es nicht sehen." in missing.text
        bad = await submit(browser, number, "state", {"state": "pending reminder"})  # no pending date
        assert bad.status_code == 422 and "Einige Angaben sind ungültig." in bad.text
        assert "AddNote" not in await history_types(browser, number)


async def test_a_lock_held_by_another_agent_is_named(system):
    number = await number_in(system, "Allgemein")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        page = await browser.get(f"/tickets/{number}")
        presse = re.search(r'<option value="(\d+)">Öffentlichkeitsarbeit::Presse</option>', page.text).group(1)
        assert (await submit(browser, number, "move", {"queue": presse})).status_code == 303
    async with system.browser() as browser:
        await log_in(browser, "presse")
        assert (await submit(browser, number, "lock", {})).status_code == 303
    async with system.browser() as browser:
        await log_in(browser, "jugend")  # may read and note in Presse, but has no rw there
        refused = await submit(browser, number, "notes", {"body_text": "Artikel für die Website?"})
        assert refused.status_code == 409
        assert "Dieses Ticket ist von presse gesperrt" in refused.text
        assert "AddNote" not in await history_types(browser, number)
