"""The reference story of Sportverein Neudorf, played in Chromium through the agent UI.

The donor offers a basketball hoop; the inbox thanks them and hands the ticket to the
equipment manager, who asks for the size (the donor's answer lands on the same ticket)
and splits off a question for the football department; the board notes its thank-you
letter and passes the ticket to the treasurer, who attaches the donation receipt; the
press gets it last. The history shows every step, by the agent who took it.
"""

from __future__ import annotations

import asyncio
import re
from email import message_from_bytes, policy

from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import DONATION, Umlauf, donor_mail
from tests.support import wait_until

RECEIPT_PDF = b"%PDF-1.4 Zuwendungsbestaetigung Basketballkorb"


async def _log_in(page: Page, base: str, login: str) -> None:
    await page.goto(f"{base}/login")
    await page.get_by_label("Benutzername").fill(login)
    await page.get_by_label("Passwort").fill(f"neudorf-{login}")
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page).to_have_url(f"{base}/queues")


async def _log_out(page: Page, base: str) -> None:
    await page.get_by_role("button", name="Abmelden").click()
    await expect(page).to_have_url(f"{base}/login")


async def _open(page: Page, action: str) -> None:
    """Unfold one form of the action bar."""
    await page.locator(f"#action-{action} > summary").click()


async def _reply(page: Page, text: str) -> None:
    await _open(page, "reply")
    await page.locator("#action-reply").get_by_label("Text").fill(text)
    await page.get_by_role("button", name="Antwort senden").click()
    await expect(page.locator("article.article .body", has_text=text)).to_be_visible()


async def _note(page: Page, text: str, attachment: tuple[str, bytes] | None = None) -> None:
    await _open(page, "notes")
    form = page.locator("#action-notes")
    await form.get_by_label("Text").fill(text)
    if attachment:
        name, content = attachment
        await form.get_by_label("Anhänge").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": content}
        )
    await page.get_by_role("button", name="Notiz hinzufügen").click()
    await expect(page.locator("article.article .body", has_text=text)).to_be_visible()


async def _move(page: Page, queue: str) -> None:
    await _open(page, "move")
    await page.locator("#action-move select[name=queue]").select_option(label=queue)
    await page.locator("#action-move").get_by_role("button", name="Ticket verschieben").click()


async def test_the_donated_basketball_hoop(browser: Browser, gateway_url: str, umlauf: Umlauf, tmp_path) -> None:
    base = gateway_url
    context = await browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))

    # 1. The inbox thanks the donor at once and hands the ticket to the equipment manager.
    await _log_in(page, base, "empfang")
    await page.locator('a.queue-row[data-queue="Allgemein"]').click()
    await page.get_by_role("link", name=DONATION).click()
    number = page.url.rsplit("/", 1)[-1]
    ticket_url = f"{base}/tickets/{number}"
    await _reply(page, "Vielen Dank für Ihr großzügiges Angebot! Wir melden uns in Kürze.")
    await expect(page.locator(".lock-holder")).to_have_text("gesperrt von empfang")
    await _move(page, "Materialwart")
    await expect(page).to_have_url(f"{base}/queues")  # empfang cannot read Materialwart
    await _log_out(page, base)

    # 2. The equipment manager asks for the size; the donor's answer lands on the same ticket.
    await _log_in(page, base, "materialwart")
    await page.locator('a.queue-row[data-queue="Materialwart"]').click()
    await page.get_by_role("link", name=DONATION).click()
    await _reply(page, "Wie groß ist der Korb (Höhe und Brett)?")
    answer = donor_mail("info@neudorf.example", f"Re: [Ticket#{number}] {DONATION}", "Das Brett ist 1,80 m breit.")
    await asyncio.to_thread(umlauf.send, answer)

    async def answer_arrived() -> bool:
        await page.goto(ticket_url)
        return await page.get_by_text("Das Brett ist 1,80 m breit.").count() > 0

    await wait_until(answer_arrived, within=30, interval=0.5)

    # ... and asks the football department in parallel: the first article split off into a child ticket.
    await _open(page, "split")
    await page.locator("#action-split select[name=article_id]").select_option(index=0)
    await page.locator("#action-split").get_by_label("Titel des neuen Tickets").fill("Korb neben dem Fußballplatz?")
    await page.get_by_role("button", name="In neues Ticket aufteilen").click()
    child_link = page.locator("ul.links a", has_text=re.compile(r"^\d+$"))
    await expect(child_link).to_have_count(1)
    child = await child_link.inner_text()
    await child_link.click()
    await expect(page.locator("h1")).to_contain_text("Korb neben dem Fußballplatz?")
    await _move(page, "Abteilung Fußball")
    await expect(page).to_have_url(re.compile(r"/(queues|tickets/\d+)$"))
    await _log_out(page, base)

    # 3. The board watches, notes its thank-you letter and moves the ticket to the treasurer.
    await _log_in(page, base, "vorstand")
    await page.goto(ticket_url)
    await page.get_by_role("button", name="Beobachten").click()
    await expect(page.locator(".watchers")).to_have_text("vorstand")
    await _note(page, "Dankschreiben per Post verschickt")
    await page.screenshot(path=tmp_path / "zoom.png", full_page=True)
    await _move(page, "Vorstand::Schatzmeister")
    await expect(page).to_have_url(ticket_url)
    await expect(page.locator(".facts dd").first).to_have_text("Vorstand::Schatzmeister")
    await _log_out(page, base)

    # 4. The treasurer issues the donation receipt as an attachment.
    await _log_in(page, base, "buchhaltung")
    await page.locator('a.queue-row[data-queue="Vorstand::Schatzmeister"]').click()
    await page.get_by_role("link", name=DONATION).click()
    await _note(page, "Zuwendungsbestätigung ausgestellt", ("zuwendungsbestaetigung.pdf", RECEIPT_PDF))
    await expect(page.get_by_role("link", name="zuwendungsbestaetigung.pdf")).to_be_visible()
    await _log_out(page, base)

    # 5. Handed to the press. The demo gives the bookkeeper no move_into on Presse, so the board,
    # which watches the ticket, passes it on.
    await _log_in(page, base, "vorstand")
    await page.goto(ticket_url)
    await _move(page, "Öffentlichkeitsarbeit::Presse")
    await expect(page.locator(".facts dd").first).to_have_text("Öffentlichkeitsarbeit::Presse")

    # The history shows every step, by the agent who took it.
    await page.goto(f"{ticket_url}/history")
    rows = await page.locator("table.history tbody tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.type, r.children[1].textContent.trim()])"
    )
    steps = [(kind, actor) for kind, actor in rows if kind in {"SendAnswer", "Move", "Split", "AddNote", "FollowUp"}]
    assert steps == [
        ("SendAnswer", "agent:empfang"),
        ("Move", "agent:empfang"),
        ("SendAnswer", "agent:materialwart"),
        ("FollowUp", steps[3][1]),
        ("Split", "agent:materialwart"),
        ("AddNote", "agent:vorstand"),
        ("Move", "agent:vorstand"),
        ("AddNote", "agent:buchhaltung"),
        ("Move", "agent:vorstand"),
    ], rows
    await page.screenshot(path=tmp_path / "history.png", full_page=True)
    await page.goto(f"{base}/tickets/{child}")
    await expect(page.locator(".facts dd").first).to_have_text("Abteilung Fußball")

    # The donor got both agents' answers by mail, with the ticket number in the subject.
    async def both_sent() -> list[str]:
        texts = []
        for path in (umlauf.var / "outbox").glob("*.eml"):
            mail = message_from_bytes(await asyncio.to_thread(path.read_bytes), policy=policy.default)
            answer = mail["Auto-Submitted"] is None  # the queue's auto-replies go out too (40 a day per address)
            if answer and number in mail["Subject"] and mail["To"] == "spender@example.org":
                texts.append(mail.get_body(("plain",)).get_content())
        return texts if len(texts) == 2 else []

    sent = await wait_until(both_sent, within=20, interval=0.3)
    assert any("großzügiges Angebot" in text for text in sent) and any("Wie groß ist der Korb" in text for text in sent)
    assert problems == []
    await context.close()
