"""Search, the "locked by me" and "watched" views, a new phone ticket and the stats page, through the UI."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from services.gateway.tests.service.actions_support import SITE, history_types, number_in, submit
from services.gateway.tests.system import form_token, log_in
from tests.support import wait_until


def _numbers(html: str) -> set[str]:
    return set(re.findall(r'<td><a href="/tickets/(\d+)">\1</a></td>', html))


async def test_search_by_text_queue_and_state_shows_only_readable_tickets(system):
    donation = await number_in(system, "Allgemein")
    secret = await number_in(system, "Vorstand")
    receipt = await number_in(system, "Vorstand::Schatzmeister")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        assert 'role="search"' in (await browser.get("/search")).text
        assert _numbers((await browser.get("/search", params={"q": "Basketballkörbe"})).text) == {donation}
        everything = await browser.get("/search", params={"state": "new"})
        assert _numbers(everything.text) == {donation, secret, receipt}
        assert "Gefundene Tickets: 3" in everything.text
        queue_id = re.search(r'<option value="(\d+)">Vorstand</option>', everything.text).group(1)
        assert _numbers((await browser.get("/search", params={"queue": queue_id})).text) == {secret}
    async with system.browser() as browser:
        await log_in(browser, "buchhaltung")
        assert _numbers((await browser.get("/search", params={"q": "Vorstandssitzung"})).text) == set()
        assert _numbers((await browser.get("/search", params={"state": "new"})).text) == {receipt}


async def test_search_by_days_and_escalation(system):
    donation = await number_in(system, "Allgemein")
    receipt = await number_in(system, "Vorstand::Schatzmeister")
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    yesterday = (today - timedelta(days=1)).isoformat()
    async with system.browser() as browser:
        await log_in(browser, "buchhaltung")
        form = await browser.get("/search")
        assert "Erstellt ab" in form.text and "Geschlossen bis" in form.text and "Nur eskalierte" in form.text
        created_today = await browser.get("/search", params={"created_from": today.isoformat(), "created_to": ""})
        assert _numbers(created_today.text) == {receipt}  # only what this agent may read
        assert f'name="created_from" value="{today.isoformat()}"' in created_today.text
        assert _numbers((await browser.get("/search", params={"created_to": yesterday})).text) == set()
        assert _numbers((await browser.get("/search", params={"closed_from": yesterday})).text) == set()
        escalated = await browser.get("/search", params={"escalated": "1"})
        assert "Gefundene Tickets: 0" in escalated.text and 'value="1" checked' in escalated.text
        bad = await browser.get("/search", params={"changed_from": "29.11.2026"})
        assert bad.status_code == 422 and "Kein gültiges Datum" in bad.text and "29.11.2026" in bad.text
        backwards = await browser.get("/search", params={"closed_from": today.isoformat(), "closed_to": yesterday})
        assert backwards.status_code == 422 and "closed_from is after closed_to" in backwards.text
        assert f'name="closed_to" value="{yesterday}"' in backwards.text
    async with system.browser() as browser:
        await log_in(browser, "admin")
        found = await browser.get("/search", params={"created_from": yesterday, "changed_to": today.isoformat()})
        assert {donation, receipt} <= _numbers(found.text)


async def test_locked_by_me_and_watched(system):
    donation = await number_in(system, "Allgemein")
    secret = await number_in(system, "Vorstand")
    async with system.browser() as browser:
        await log_in(browser, "admin")
        assert _numbers((await browser.get("/locked")).text) == set()
        await submit(browser, donation, "lock", {})
        await submit(browser, secret, "watch", {})
        assert _numbers((await browser.get("/locked")).text) == {donation}
        assert _numbers((await browser.get("/watched")).text) == {secret}
    async with system.browser() as browser:
        await log_in(browser, "vorstand")
        assert _numbers((await browser.get("/locked")).text) == set()
        assert _numbers((await browser.get("/watched")).text) == set()


async def test_a_phone_ticket_is_opened_from_the_form(system):
    async with system.browser() as browser:
        await log_in(browser, "empfang")
        page = await browser.get("/phone-ticket")
        allgemein = re.search(r'<option value="(\d+)"[^>]*>Allgemein</option>', page.text).group(1)
        assert ">Materialwart<" not in page.text  # empfang may move there, not create there
        fields = {
            "csrf_token": form_token(page.text),
            "queue": allgemein,
            "title": "Anruf: Trikotspende",
            "body_text": "Herr Meier möchte Trikots spenden.",
            "customer_email": "meier@example.org",
            "priority": "2",
        }
        response = await browser.post("/phone-ticket", data=fields, headers={"Origin": SITE})
        assert response.status_code == 303
        number = response.headers["location"].removeprefix("/tickets/")
        zoom = await browser.get(f"/tickets/{number}")
        assert "Anruf: Trikotspende" in zoom.text and "meier@example.org" in zoom.text
        assert (await history_types(browser, number))[0] == "NewTicket"
        refused = await browser.post("/phone-ticket", data={**fields, "title": ""}, headers={"Origin": SITE})
        assert refused.status_code == 422 and "Geben Sie einen Titel ein." in refused.text
        assert "Herr Meier möchte Trikots spenden." in refused.text  # what was typed is kept


async def test_stats_page_and_csv_count_only_what_the_agent_may_read(with_stats):
    today = datetime.now(UTC).date().isoformat()
    async with with_stats.browser() as browser:
        await log_in(browser, "admin")

        async def all_counted() -> bool:
            return '<th class="count">3</th>' in (await browser.get("/stats")).text

        await wait_until(all_counted, within=20)
        page = await browser.get("/stats", params={"from": today, "to": today})
        assert "Tickets pro Queue und Tag" in page.text
        assert f"<td>{today}</td>" in page.text and '<th class="count">Vorstand</th>' in page.text
        csv = await browser.get("/stats/tickets-per-queue.csv", params={"from": today, "to": today})
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        assert csv.headers["content-disposition"].startswith("attachment")
        assert "Allgemein" in csv.text
    async with with_stats.browser() as browser:
        await log_in(browser, "buchhaltung")
        page = await browser.get("/stats")
        assert "Vorstand::Schatzmeister" in page.text and ">Vorstand<" not in page.text and "Allgemein" not in page.text
        csv = await browser.get("/stats/tickets-per-queue.csv")
        assert "Vorstand::Schatzmeister" in csv.text and "Allgemein" not in csv.text
