"""The gateway: agent UI and the one public entry to the REST API. It owns sessions only."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.gateway.adapters.admin_client import AdminClient
from services.gateway.adapters.identity_client import Identities
from services.gateway.adapters.portal_client import PortalClient
from services.gateway.adapters.tickets_actions import TicketActions
from services.gateway.adapters.tickets_client import TicketsClient
from services.gateway.adapters.unit_of_work import SqlUnitOfWork
from services.gateway.app.commands import PurgeExpiredSessions
from services.gateway.app.sessions import purge_forever
from services.gateway.bootstrap import bootstrap, utcnow
from services.gateway.config import GatewayOptions
from services.gateway.domain.identity_cache import IdentityCache
from services.gateway.domain.sessions import SessionPolicy
from services.gateway.domain.throttle import ThrottlePolicy
from services.gateway.entrypoints import (
    account,
    account_totp,
    actions,
    admin_accounts,
    admin_addresses,
    admin_agents,
    admin_auto_responses,
    admin_customers,
    admin_filters,
    admin_groups,
    admin_home,
    admin_logs,
    admin_queues,
    admin_roles,
    admin_settings,
    agent_pages,
    api,
    auth,
    errors,
    password_reset,
    portal,
    portal_auth,
    stats_pages,
    ui,
    zoom,
)
from services.gateway.entrypoints.context import Gateway
from services.gateway.entrypoints.security import SecurityHeaders
from services.gateway.presentation.i18n import load_translations
from services.gateway.presentation.rendering import Renderer
from services.gateway.settings import GatewaySettings
from shared.db import Database
from shared.runtime import Service

HERE = Path(__file__).parent
# Generous for a page view, short enough that a hung service turns into an error page.
_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def build(
    settings: GatewaySettings,
    tickets: httpx.AsyncClient | None = None,
    stats: httpx.AsyncClient | None = None,
    options: GatewayOptions | None = None,
    ingest: httpx.AsyncClient | None = None,
    notify: httpx.AsyncClient | None = None,
) -> Service:
    """The gateway service. Each client defaults to one for ``settings.<service>_url``;
    the embedded mode passes clients with an ``httpx.ASGITransport`` into the other apps."""
    options = options or GatewayOptions()
    owned: list[httpx.AsyncClient] = []

    def client(given: httpx.AsyncClient | None, base_url: str) -> httpx.AsyncClient:
        if given is not None:
            return given
        created = httpx.AsyncClient(base_url=base_url, timeout=_TIMEOUT)
        owned.append(created)
        return created

    tickets_http = client(tickets, settings.tickets_url)
    stats_http = client(stats, settings.stats_url)
    ingest_http = client(ingest, settings.ingest_url)
    notify_http = client(notify, settings.notify_url)
    database = Database(settings.database_url("gateway"))
    bus = bootstrap(
        lambda: SqlUnitOfWork(database),
        SessionPolicy(
            idle=timedelta(minutes=options.session_idle_minutes),
            absolute=timedelta(hours=options.session_absolute_hours),
        ),
        ThrottlePolicy(
            limit=options.login_failure_limit, window=timedelta(minutes=options.login_failure_window_minutes)
        ),
        settings.secret_key,
    )
    tickets_client = TicketsClient(tickets_http)
    identities = Identities(tickets_client, IdentityCache(utcnow))
    app = FastAPI(title="Umlauf gateway", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.gateway = Gateway(
        settings=settings,
        options=options,
        bus=bus,
        tickets=tickets_client,
        identities=identities,
        actions=TicketActions(tickets_client),
        portal=PortalClient(tickets_client, tickets_http),
        admin=AdminClient(tickets_client, identities, ingest_http, notify_http),
        tickets_http=tickets_http,
        stats_http=stats_http,
        ingest_http=ingest_http,
        notify_http=notify_http,
        renderer=Renderer(load_translations(), settings.default_language, options.timezone),
    )
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    routers = (
        auth,
        password_reset,
        account,
        account_totp,
        agent_pages,
        stats_pages,
        zoom,
        actions,
        ui,
        admin_home,
        admin_accounts,
        admin_filters,
        admin_logs,
        admin_agents,
        admin_groups,
        admin_roles,
        admin_queues,
        admin_auto_responses,
        admin_addresses,
        admin_customers,
        admin_settings,
    )
    for module in (*routers, portal_auth, portal, api):
        app.include_router(module.router)
    return Service(
        name="gateway",
        app=app,
        database=database,
        outbox=None,  # emits no events
        migrations=HERE / "migrations",
        background=[partial(purge_forever, partial(bus.handle, PurgeExpiredSessions()))],
        on_stop=[client.aclose for client in owned],
    )
