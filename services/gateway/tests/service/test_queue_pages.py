"""A queue's ticket list, page by page."""

import html
import re

import pytest

from services.gateway.config import GatewayOptions
from services.gateway.tests.system import log_in, mail_in, start_system, tickets_settings


@pytest.fixture
async def small_pages(tmp_path, pg_url):
    running = await start_system(tickets_settings(tmp_path, pg_url), options=GatewayOptions(page_size=2))
    for n in (1, 2):
        await mail_in(running.tickets, "info@neudorf.example", f"Anfrage {n}", "Hallo")
    yield running
    await running.close()


async def test_queue_list_pages_through_all_tickets(small_pages):
    async with small_pages.browser() as browser:
        await log_in(browser, "empfang")
        queues = (await browser.get("/queues")).text
        queue_id = re.search(r'href="/queues/(\d+)" title="Allgemein"', queues).group(1)
        first = await browser.get(f"/queues/{queue_id}")
        second = await browser.get(f"/queues/{queue_id}?page=2")
        beyond = await browser.get(f"/queues/{queue_id}?page=9")
    titles = re.compile(r'<a href="/tickets/\d+">(\D[^<]*)</a>')
    assert titles.findall(first.text) == ["Anfrage 2", "Anfrage 1"]  # newest first
    assert titles.findall(second.text) == ["Basketballkorb zu verschenken"]
    assert titles.findall(beyond.text) == titles.findall(second.text)  # past the end: the last page
    assert "Tickets 1–2 von 3" in first.text and "Seite 1 von 2" in first.text and 'rel="next"' in first.text
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text


async def test_a_queue_that_does_not_exist_is_a_404_page(small_pages):
    async with small_pages.browser() as browser:
        await log_in(browser, "empfang")
        assert (await browser.get("/queues/999999")).status_code == 404
        assert (await browser.get("/queues/not-a-number")).status_code == 422


ROW = re.compile(r'<td><a href="/tickets/(\d+)">\1</a></td>')


async def test_search_results_page_by_cursor(small_pages):
    async with small_pages.browser() as browser:
        await log_in(browser, "admin")
        page = await browser.get("/search", params={"state": "new"})
        assert "Gefundene Tickets: 5" in page.text and 'rel="first"' not in page.text
        seen = ROW.findall(page.text)
        while (more := NEXT.search(page.text)) is not None:
            assert more.group(1).startswith("?state=new&amp;cursor=")
            await mail_in(small_pages.tickets, "info@neudorf.example", "Neu dazwischen", "Hallo")
            page = await browser.get("/search" + html.unescape(more.group(1)))
            assert page.status_code == 200 and 'rel="first" href="?state=new"' in page.text
            seen += ROW.findall(page.text)
        assert len(seen) == 5 == len(set(seen))  # tickets arriving meanwhile neither repeat nor shift one out


NEXT = re.compile(r'<a rel="next" href="([^"]+)">Nächste Seite</a>')
