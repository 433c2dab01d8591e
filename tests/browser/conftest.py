"""A running gateway for the browser: real HTTP on a free port, Chromium from the system.

Until the embedded ``umlauf up`` runs all five services, the test builds what the
agent UI needs itself — the real tickets service (Neudorf demo and a few tickets
created by its own intake) and the gateway wired to it in-process — and serves
the gateway with uvicorn, as ``umlauf up`` does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, async_playwright

from services.gateway.tests.system import serving, start_system, tickets_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
async def gateway_url(tmp_path) -> AsyncIterator[str]:
    system = await start_system(tickets_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"))
    async with serving(system.gateway.app) as url:
        yield url
    await system.close()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()
