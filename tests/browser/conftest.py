"""A running gateway for the browser: real HTTP on a free port, Chromium from the system.

Until the embedded ``umlauf up`` runs all five services, the test builds what the
agent UI needs itself — the real tickets service (Neudorf demo and a few tickets
created by its own intake) and the gateway wired to it in-process — and serves
the gateway with uvicorn, as ``umlauf up`` does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import uvicorn
from playwright.async_api import Browser, async_playwright

from services.gateway.tests.system import start_system, tickets_settings
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


@pytest.fixture
async def gateway_url(tmp_path) -> AsyncIterator[str]:
    system = await start_system(tickets_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}"))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(system.gateway.app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    await wait_until(lambda: server.started, within=20)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task
    await system.close()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()
