"""When the tickets service does not answer: a clear page in the UI, problem+json in the API, never a 500."""

import httpx
import pytest

from services.gateway.tests.system import log_in, start_system, tickets_settings
from tests.support import free_port


@pytest.fixture
async def cut_off(tmp_path, pg_url):
    """The gateway's tickets client points at a port where nothing listens (a real failed connect)."""
    dead = httpx.AsyncClient(base_url=f"http://127.0.0.1:{free_port()}", timeout=5)
    running = await start_system(tickets_settings(tmp_path, pg_url), tickets_http=dead)
    yield running
    await running.close()


async def test_login_says_the_ticket_service_is_unreachable(cut_off):
    async with cut_off.browser() as browser:
        assert (await browser.get("/login")).status_code == 200  # the login page itself needs no tickets
        response = await log_in(browser, "admin")
    assert response.status_code == 503
    assert "Der Ticket-Dienst ist nicht erreichbar" in response.text
    assert "Traceback" not in response.text and "httpx" not in response.text


async def test_api_answers_503_problem(cut_off):
    async with cut_off.browser() as client:
        for path in ("/api/v1/queues", "/api/v1/openapi.json", "/api/v1/stats/tickets-per-queue"):
            response = await client.get(path, headers={"Authorization": "Bearer x"})
            assert response.status_code == 503, path
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["status"] == 503
