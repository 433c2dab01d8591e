"""The customer portal in Chromium: spender opens a ticket with an attachment, sees the agent's reply but not
the internal note, answers; baeckerei (another customer) sees nothing of it."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import Browser, Page, expect

PLAN = b"Skizze: Korb 3,05 m"


async def _portal_log_in(page: Page, base: str, login: str) -> None:
    await page.goto(f"{base}/portal")
    await expect(page).to_have_url(re.compile(r"/portal/login"))
    await page.get_by_label("Benutzername").fill(login)
    await page.get_by_label("Passwort").fill(f"neudorf-{login}")
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page).to_have_url(f"{base}/portal")


async def _agent_answers(base: str, number: str) -> None:
    """An agent replies (visible to the customer) and notes something internal, through the public API."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        login = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
        auth = {"Authorization": f"Bearer {login.json()['token']}"}
        reply = await client.post(
            f"/api/v1/tickets/{number}/reply", json={"body_text": "Danke, wir holen den Korb ab."}, headers=auth
        )
        assert reply.status_code in (200, 201), reply.text
        note = await client.post(
            f"/api/v1/tickets/{number}/notes", json={"body_text": "Intern: Korb ist rostig."}, headers=auth
        )
        assert note.status_code in (200, 201), note.text


async def test_a_customer_opens_follows_and_answers_a_ticket(browser: Browser, gateway_url: str, tmp_path) -> None:
    context = await browser.new_context(locale="de-DE", viewport={"width": 1100, "height": 900})
    page = await context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(gateway_url) else None)

    await _portal_log_in(page, gateway_url, "spender")
    await page.get_by_role("link", name="Neues Anliegen").first.click()
    await page.get_by_label("Betreff").fill("Korb: Maße")
    await page.get_by_label("Ihre Nachricht").fill("Anbei die Skizze des Korbs.")
    await page.get_by_label("Anhänge").set_input_files(
        files=[{"name": "skizze.txt", "mimeType": "text/plain", "buffer": PLAN}]
    )
    await page.get_by_role("button", name="Senden").click()
    await expect(page).to_have_url(re.compile(r"/portal/tickets/\d+$"))
    number = page.url.rsplit("/", 1)[1]
    await expect(page.get_by_role("link", name="skizze.txt")).to_be_visible()

    await _agent_answers(gateway_url, number)
    await page.reload()
    await expect(page.locator("article.article")).to_have_count(2)
    await expect(page.get_by_text("Danke, wir holen den Korb ab.")).to_be_visible()
    await expect(page.get_by_text("rostig")).to_have_count(0)

    await page.get_by_label("Ihre Nachricht").fill("Passt, bis Samstag!")
    await page.get_by_role("button", name="Senden").click()
    await expect(page.locator("article.article")).to_have_count(3)
    await expect(page.locator("article.article").last).to_contain_text("Passt, bis Samstag!")
    await page.screenshot(path=tmp_path / "portal-ticket.png", full_page=True)

    await page.goto(f"{gateway_url}/queues")  # a customer's session opens no agent page
    await expect(page).to_have_url(re.compile(r"/login"))
    assert outside == []
    await context.close()

    other = await browser.new_context(locale="de-DE")
    page = await other.new_page()
    await _portal_log_in(page, gateway_url, "baeckerei")
    await expect(page.get_by_text("Korb: Maße")).to_have_count(0)
    response = await page.goto(f"{gateway_url}/portal/tickets/{number}")
    assert response is not None and response.status == 404
    await other.close()
