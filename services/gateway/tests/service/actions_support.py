"""Driving the ticket zoom's forms as a browser does: read the page, post the form with its token and version."""

from __future__ import annotations

import re

import httpx

from services.gateway.tests.system import System, form_token

SITE = "http://gateway.test"


def seen_version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "no version in the page"
    return found.group(1)


async def number_in(system: System, queue: str, login: str = "admin") -> str:
    token = await system.api_token(login)
    page = await system.tickets_http.get(
        "/api/v1/tickets", params={"queue": queue}, headers={"Authorization": f"Bearer {token}"}
    )
    return page.json()["items"][0]["number"]


async def submit(
    browser: httpx.AsyncClient, number: str, action: str, data: dict[str, str], version: str | None = None, **kw
) -> httpx.Response:
    """Post the zoom's ``action`` form; ``version`` defaults to what the page shows now."""
    page = await browser.get(f"/tickets/{number}")
    fields = {"csrf_token": form_token(page.text), "version": version or seen_version(page.text), **data}
    return await browser.post(f"/tickets/{number}/{action}", data=fields, headers={"Origin": SITE}, **kw)


async def history_types(browser: httpx.AsyncClient, number: str) -> list[str]:
    """The history as the agent sees it in the UI, by entry type."""
    page = await browser.get(f"/tickets/{number}/history")
    assert page.status_code == 200
    return re.findall(r'<tr data-type="(\w+)">', page.text)
