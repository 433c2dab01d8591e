"""An agent's first minutes in Chromium: log in, see the queues, open a ticket, download its attachment, log out."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import DONATION, RECEIPT


async def _log_in(page: Page, base: str, login: str) -> None:
    await page.goto(f"{base}/")
    await expect(page).to_have_url(re.compile(r"/login"))
    await page.get_by_label("Benutzername").fill(login)
    await page.get_by_label("Passwort").fill(f"neudorf-{login}")
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page).to_have_url(f"{base}/queues")


async def _log_out(page: Page, base: str) -> None:
    await page.get_by_role("button", name="Abmelden").click()
    await expect(page).to_have_url(f"{base}/login")
    await page.goto(f"{base}/queues")
    await expect(page).to_have_url(re.compile(r"/login"))


async def test_admin_and_bookkeeper(browser: Browser, gateway_url: str, tmp_path) -> None:
    context = await browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(gateway_url) else None)

    await _log_in(page, gateway_url, "admin")
    queues = page.locator("a.queue-row")
    await expect(queues.filter(has=page.locator(".queue-name", has_text=re.compile(r"^Vorstand$")))).to_have_count(1)
    schatzmeister = page.locator('a.queue-row[data-queue="Vorstand::Schatzmeister"]')
    await expect(schatzmeister.locator(".queue-name")).to_have_text("Schatzmeister")
    await page.screenshot(path=tmp_path / "queues.png", full_page=True)

    await schatzmeister.click()
    await expect(page.get_by_role("heading", name="Vorstand::Schatzmeister")).to_be_visible()
    await page.get_by_role("link", name="Spendenquittung bitte").click()
    article = page.locator("article.article").first
    await expect(article.locator(".subject")).to_have_text("Spendenquittung bitte")
    await expect(article.locator(".from")).to_have_text("spender@example.org")
    mail = page.frame_locator("iframe.mail-html")
    await expect(mail.locator("b")).to_have_text("Spendenquittung")
    async with page.expect_download() as download_info:
        await article.get_by_role("link", name="quittung.pdf").click()
    download = await download_info.value
    assert download.suggested_filename == "quittung.pdf"
    assert await asyncio.to_thread(Path(await download.path()).read_bytes) == RECEIPT
    await page.screenshot(path=tmp_path / "ticket.png", full_page=True)
    await _log_out(page, gateway_url)

    await _log_in(page, gateway_url, "buchhaltung")
    await expect(queues).to_have_count(1)
    await expect(queues.locator(".queue-name")).to_have_text("Vorstand::Schatzmeister")
    await queues.first.click()
    await page.get_by_role("link", name="Spendenquittung bitte").click()
    await expect(page.locator("article.article .subject").first).to_have_text("Spendenquittung bitte")
    await _log_out(page, gateway_url)

    assert problems == []  # no CSP violation, no script error, nothing missing
    assert outside == []  # the remote image in the mail was never requested
    await context.close()


async def test_tags_standard_answer_and_forward(browser: Browser, gateway_url: str, tmp_path) -> None:
    """On the donor's offer: tag it, answer with a standard answer picked without any script, forward the offer."""
    context = await browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    await _log_in(page, gateway_url, "admin")
    await page.locator('a.queue-row[data-queue="Allgemein"]').click()
    await page.get_by_role("link", name=DONATION).click()
    ticket_url = page.url

    tags = page.locator("#tags .tag-name")
    await page.get_by_label("Neue Schlagworte, durch Kommas getrennt").fill("Sachspende, Basketball")
    await page.get_by_role("button", name="Schlagworte hinzufügen").click()
    await expect(tags).to_have_text(["basketball", "sachspende"])
    await page.get_by_role("button", name="Schlagwort basketball entfernen").click()
    await expect(tags).to_have_text(["sachspende"])

    await page.locator("#action-reply > summary").click()
    reply = page.locator("#action-reply")
    await reply.get_by_label("Vorlage").select_option(label="Dank für das Spendenangebot")
    await reply.get_by_role("button", name="Vorlage einsetzen").click()
    await expect(page).to_have_url(re.compile(r"\?template=\d+#action-reply$"))
    text = page.locator("#action-reply").get_by_role("textbox", name="Text", exact=True)
    await expect(text).to_have_value(re.compile(r"vielen Dank für Ihr Angebot!.*unter der Nummer \d+\.", re.S))
    await page.get_by_role("button", name="Antwort senden").click()
    newest = page.locator("article.article").last
    await expect(newest.locator(".body")).to_contain_text("vielen Dank für Ihr Angebot!")

    await page.locator("article.article").first.get_by_role("link", name="Weiterleiten").click()
    forward = page.locator("#action-forward")
    await expect(forward).to_have_attribute("open", "")
    await expect(forward.locator(".forwarded")).to_contain_text(DONATION)
    await forward.get_by_role("textbox", name="An", exact=True).fill("hallenwart@example.org")
    await forward.get_by_role("textbox", name="Text", exact=True).fill("Passt der Korb in die Halle?")
    await forward.get_by_role("button", name="Weiterleitung senden").click()
    await expect(newest.locator(".body")).to_contain_text("---- Forwarded message ----")
    await expect(newest.locator(".recipients")).to_contain_text("hallenwart@example.org")
    await page.screenshot(path=tmp_path / "forwarded.png", full_page=True)

    await page.goto(f"{ticket_url}/history")
    for kind, words in [
        ("TagAdd", "Schlagwort hinzugefügt"),
        ("TagRemove", "Schlagwort entfernt"),
        ("SendAnswer", "Antwort gesendet"),
        ("Forward", "Weitergeleitet"),
    ]:
        await expect(page.locator(f'tr[data-type="{kind}"]').first.locator("td").nth(2)).to_have_text(words)
    assert problems == []  # no CSP violation, no script error
    await context.close()


async def test_search_page_filters_by_days_and_escalation(browser: Browser, gateway_url: str) -> None:
    context = await browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = await context.new_page()
    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    await _log_in(page, gateway_url, "admin")
    await page.goto(f"{gateway_url}/search")
    search = page.get_by_role("search")
    rows = page.locator("table.tickets tbody tr")

    await search.get_by_label("Erstellt ab").fill(today.isoformat())
    await search.get_by_role("button", name="Suche").click()
    await expect(page).to_have_url(re.compile(rf"created_from={today.isoformat()}"))
    await expect(rows).to_have_count(2)  # the story's two tickets came in today

    await search.get_by_label("Nur eskalierte").check()  # no queue of the story sets targets
    await search.get_by_role("button", name="Suche").click()
    await expect(page.get_by_text("Keine Tickets gefunden.")).to_be_visible()
    await expect(search.get_by_label("Nur eskalierte")).to_be_checked()
    await expect(search.get_by_label("Erstellt ab")).to_have_value(today.isoformat())

    await search.get_by_label("Nur eskalierte").uncheck()
    await search.get_by_label("Erstellt ab").fill("")
    await search.get_by_label("Erstellt bis").fill((today - timedelta(days=1)).isoformat())
    await search.get_by_role("button", name="Suche").click()
    await expect(page.locator(".result-count")).to_have_text("Gefundene Tickets: 0")

    await search.get_by_label("Erstellt ab").fill(today.isoformat())  # after "until": refused, with the reason
    await search.get_by_role("button", name="Suche").click()
    await expect(page.get_by_role("alert")).to_contain_text("created_from is after created_to")
    await context.close()
