"""The administrator in Chromium: a new group, a role with rights in it, a queue of that group and an
agent with the role; the new agent then logs in and sees the new queue (and none of the others)."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Page, expect

PASSWORD = "Ehrenamt-Passwort-2026"


async def _log_in(page: Page, base: str, login: str, password: str) -> None:
    await page.goto(f"{base}/login")
    await page.get_by_label("Benutzername").fill(login)
    await page.get_by_label("Passwort").fill(password)
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page).to_have_url(f"{base}/queues")


async def _save(page: Page, base: str, home: str) -> None:
    await page.get_by_role("button", name="Speichern").click()
    await expect(page).to_have_url(f"{base}{home}")


async def test_admin_creates_a_queue_and_an_agent_who_then_sees_it(browser: Browser, gateway_url: str) -> None:
    context = await browser.new_context(locale="de-DE")
    page = await context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    await _log_in(page, gateway_url, "admin", "neudorf-admin")
    await page.get_by_role("link", name="Verwaltung").click()
    await expect(page.get_by_role("heading", name="Verwaltung")).to_be_visible()  # the overview
    await page.get_by_role("link", name="Gruppen").click()
    admin_nav = page.get_by_role("navigation", name="Verwaltung")
    await page.get_by_label("Name", exact=True).fill("ehrenamt")
    await _save(page, gateway_url, "/admin/groups")
    await expect(page.get_by_role("listitem").filter(has_text=re.compile(r"^ehrenamt$"))).to_have_count(1)

    await admin_nav.get_by_role("link", name="Rollen").click()
    await page.get_by_label("Name", exact=True).fill("Ehrenamt")
    await _save(page, gateway_url, "/admin/roles")
    await page.get_by_role("link", name="Ehrenamt", exact=True).click()
    await page.get_by_label("ehrenamt rw").check()
    await _save(page, gateway_url, "/admin/roles")
    await expect(page.get_by_role("row", name=re.compile(r"^Ehrenamt ehrenamt: rw"))).to_have_count(1)

    await admin_nav.get_by_role("link", name="Queues").click()
    await page.get_by_label("Übergeordnete Queue").select_option("Allgemein")
    await page.get_by_label("Name", exact=True).fill("Ehrenamt")
    await page.get_by_label("Gruppe").select_option("ehrenamt")
    await page.get_by_label("Gültig (eine ungültige Queue").check()
    await _save(page, gateway_url, "/admin/queues")
    await expect(page.get_by_role("link", name="Allgemein::Ehrenamt")).to_be_visible()

    await admin_nav.get_by_role("link", name="Agenten").click()
    await page.get_by_label("Benutzername").fill("helga")
    await page.get_by_label("Passwort").fill(PASSWORD)
    await page.get_by_label("Name", exact=True).fill("Helga Helfer")
    await page.get_by_label("E-Mail").fill("helga@neudorf.example")
    await page.get_by_label("Ehrenamt", exact=True).check()
    await _save(page, gateway_url, "/admin/agents")
    await expect(page.get_by_role("row", name=re.compile(r"^helga Helga Helfer"))).to_contain_text("Ehrenamt")
    await page.get_by_role("button", name="Abmelden").click()

    await _log_in(page, gateway_url, "helga", PASSWORD)
    await expect(page.locator('a.queue-row[data-queue="Allgemein::Ehrenamt"]')).to_have_count(1)
    await expect(page.locator("a.queue-row")).to_have_count(1)  # the sub-queue only, not its parent
    await expect(page.get_by_role("link", name="Verwaltung")).to_have_count(0)
    assert problems == []
    await context.close()
