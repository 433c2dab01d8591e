"""The whole embedded system for the browser: ``umlauf up --demo`` in a temporary directory,
a ticket created by real mail over SMTP, and Chromium from the system."""

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


@dataclass(frozen=True)
class Umlauf:
    url: str
    smtp_port: int
    log: Path


@pytest.fixture
def umlauf(tmp_path: Path) -> Iterator[Umlauf]:
    """``umlauf up --demo`` as an operator starts it; stopped with Ctrl-C (SIGINT) afterwards."""
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
        yield Umlauf(f"http://127.0.0.1:{port}", smtp_port, log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _mail() -> EmailMessage:
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


@pytest.fixture
async def gateway_url(umlauf: Umlauf) -> AsyncIterator[str]:
    """The running gateway's address, once the donor's mail is a ticket in ``Vorstand::Schatzmeister``."""
    async with httpx.AsyncClient(base_url=umlauf.url, timeout=10) as client:

        async def ready() -> bool:
            try:
                return (await client.get("/readyz")).status_code == 200
            except httpx.TransportError:
                return False

        try:
            await wait_until(ready, within=60, interval=0.3)
        except AssertionError:
            raise AssertionError(f"umlauf up did not get ready:\n{umlauf.log.read_text()}") from None

        def send() -> None:
            with smtplib.SMTP("127.0.0.1", umlauf.smtp_port, timeout=10) as smtp:
                smtp.send_message(_mail())

        await asyncio.to_thread(send)
        login = await client.post("/api/v1/auth/login", json={"login": "admin", "password": "neudorf-admin"})
        auth = {"Authorization": f"Bearer {login.json()['token']}"}

        async def ticket_exists() -> bool:
            page = await client.get("/api/v1/tickets", params={"queue": "Vorstand::Schatzmeister"}, headers=auth)
            return page.status_code == 200 and page.json()["total"] == 1

        await wait_until(ticket_exists, within=30, interval=0.2)
        yield umlauf.url


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()
