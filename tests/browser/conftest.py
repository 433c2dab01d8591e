"""The whole embedded system for the browser: ``umlauf up --demo`` in a temporary directory (once per module),
the story's tickets created by real mail over SMTP, and Chromium from the system."""

from __future__ import annotations

import asyncio
import os
import signal
import smtplib
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, async_playwright

from tests.support import free_port, wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RECEIPT = b"%PDF-1.4 Spendenquittung Basketballkorb"
DONATION = "Basketballkorb zu verschenken"


@dataclass(frozen=True)
class Umlauf:
    url: str
    smtp_port: int
    log: Path
    var: Path

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)


@pytest.fixture(scope="module")
def umlauf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Umlauf]:
    """``umlauf up --demo`` as an operator starts it, once for the module; stopped with Ctrl-C (SIGINT) afterwards."""
    tmp_path = tmp_path_factory.mktemp("umlauf")
    port, smtp_port = free_port(), free_port()
    env = {
        **os.environ,
        "UMLAUF_VAR_DIR": str(tmp_path / "var"),
        "UMLAUF_GATEWAY_PORT": str(port),
        "UMLAUF_SMTP_PORT": str(smtp_port),
        "UMLAUF_LOG_JSON": "false",
    }
    log = tmp_path / "umlauf.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "umlauf.cli", "up", "--demo"], cwd=tmp_path, env=env, stdout=out, stderr=out
        )
    try:
        yield Umlauf(f"http://127.0.0.1:{port}", smtp_port, log, tmp_path / "var")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def donor_mail(to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Sam Spender <spender@example.org>"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    return message


def _receipt_request() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Sam Spender <spender@example.org>"
    message["To"] = "kasse@neudorf.example"
    message["Subject"] = "Spendenquittung bitte"
    message.set_content("Sehr geehrte Damen und Herren,\nbitte eine Spendenquittung.\n")
    message.add_alternative(
        "<p>Sehr geehrte Damen und Herren,</p><p>bitte eine <b>Spendenquittung</b>.</p>"
        '<img src="http://127.0.0.1:9/tracker.gif">',
        subtype="html",
    )
    message.add_attachment(RECEIPT, maintype="application", subtype="pdf", filename="quittung.pdf")
    return message


async def _ready(umlauf: Umlauf) -> str:
    async with httpx.AsyncClient(base_url=umlauf.url, timeout=10) as client:

        async def ready() -> bool:
            try:
                return (await client.get("/readyz")).status_code == 200
            except httpx.TransportError:
                return False

        try:
            await wait_until(ready, within=180, interval=0.3)  # several systems may start at once
        except AssertionError:
            raise AssertionError(f"umlauf up did not get ready:\n{umlauf.log.read_text()}") from None

        await asyncio.to_thread(umlauf.send, _receipt_request())
        offer = donor_mail("info@neudorf.example", DONATION, "Guten Tag,\nwir möchten einen Basketballkorb spenden.\n")
        await asyncio.to_thread(umlauf.send, offer)
        login = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
        auth = {"Authorization": f"Bearer {login.json()['token']}"}

        async def tickets_exist() -> bool:
            counts = []
            for queue in ("Vorstand::Schatzmeister", "Allgemein"):
                page = await client.get("/api/v1/tickets", params={"queue": queue}, headers=auth)
                counts.append(page.status_code == 200 and page.json()["total"] == 1)
            return all(counts)

        await wait_until(tickets_exist, within=30, interval=0.2)
    return umlauf.url


@pytest.fixture(scope="module")
def gateway_url(umlauf: Umlauf) -> str:
    """The running gateway's address, once the two mails of the story are tickets: the receipt request in
    ``Vorstand::Schatzmeister`` and the donor's offer in ``Allgemein``."""
    return asyncio.run(_ready(umlauf))


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()
