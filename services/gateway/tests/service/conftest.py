from collections.abc import AsyncIterator

import httpx
import pytest

from services.gateway.tests.system import GATEWAY_MIGRATIONS, start_system, tickets_settings
from services.ingest.main import build as build_ingest
from services.ingest.settings import IngestSettings
from services.notify.main import build as build_notify
from services.notify.settings import NotifyServiceSettings
from services.stats.main import build as build_stats
from services.stats.settings import StatsSettings
from shared.bus import InProcessBus
from shared.runtime import Runtime
from tests.databases import fresh_database, migrate


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """Here a test's PostgreSQL database starts at the gateway's head: a clone of its migrated template."""
    async with fresh_database(GATEWAY_MIGRATIONS) as url:
        yield url


@pytest.fixture
async def system(tmp_path, pg_url):
    """Gateway on PostgreSQL, tickets (Neudorf demo) on SQLite, wired in-process."""
    running = await start_system(tickets_settings(tmp_path, pg_url))
    yield running
    await running.close()


@pytest.fixture
async def with_stats(tmp_path, pg_url):
    """The same, plus the real stats service fed by the tickets service's events over the in-process bus."""
    settings = tickets_settings(tmp_path, pg_url).model_copy(
        update={"stats_database_url": f"sqlite+aiosqlite:///{tmp_path / 'stats.db'}"}
    )
    stats = build_stats(StatsSettings.of(settings))
    await migrate(stats.migrations, stats.database.url)
    stats_http = httpx.AsyncClient(transport=httpx.ASGITransport(app=stats.app), base_url="http://stats")
    system = await start_system(settings, stats_http=stats_http)
    runtime = Runtime([system.tickets, stats], InProcessBus())  # the tickets' events reach stats
    await runtime.start()
    yield system
    await runtime.stop()
    await stats_http.aclose()
    await system.close()


@pytest.fixture
async def with_mail(tmp_path, pg_url):
    """Tickets plus the real ingest (admin API) and notify (mail log, fed by the tickets' events) services."""
    settings = tickets_settings(tmp_path, pg_url).model_copy(
        update={
            "ingest_database_url": f"sqlite+aiosqlite:///{tmp_path / 'ingest.db'}",
            "notify_database_url": f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}",
        }
    )
    ingest, notify = build_ingest(IngestSettings.of(settings)), build_notify(NotifyServiceSettings.of(settings))
    clients = {}
    for service in (ingest, notify):
        await migrate(service.migrations, service.database.url)
        clients[service.name] = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=service.app), base_url=f"http://{service.name}"
        )
    system = await start_system(settings, ingest_http=clients["ingest"], notify_http=clients["notify"])
    runtime = Runtime([system.tickets, notify], InProcessBus())  # the tickets' events reach notify
    await runtime.start()
    yield system
    await runtime.stop()
    for client in clients.values():
        await client.aclose()
    for closer in ingest.on_stop:
        await closer()
    await ingest.database.dispose()
    await system.close()
