import pytest

from services.gateway.tests.system import start_system, tickets_settings


@pytest.fixture
async def system(tmp_path, pg_url):
    """Gateway on PostgreSQL, tickets (Neudorf demo) on SQLite, wired in-process."""
    running = await start_system(tickets_settings(tmp_path, pg_url))
    yield running
    await running.close()
