"""The FastAPI app of the tickets service (routes only; the runtime adds /healthz, /readyz)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from services.tickets import problems
from services.tickets.directory.app import runtime_settings
from services.tickets.directory.entrypoints import api_admin, api_auto_responses, api_templates
from services.tickets.identity.entrypoints import api_auth
from services.tickets.settings import TicketsSettings
from services.tickets.ticketing.entrypoints import (
    api_actions,
    api_bulk,
    api_create,
    api_customer,
    api_lookups,
    api_tickets,
)
from services.tickets.unit_of_work import UnitOfWorkFactory
from shared.db import Database


class RuntimeSettingsPerRequest:
    """Each request reads the runtime settings at most once (see ``app.runtime_settings``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with runtime_settings.request_scope():
            await self.app(scope, receive, send)


def create_app(database: Database, settings: TicketsSettings, unit_of_work: UnitOfWorkFactory) -> FastAPI:
    """``database`` serves the read-only queries; every change goes through ``unit_of_work``."""
    app = FastAPI(title="Umlauf tickets", version="1", description="Tickets, queues, agents and their history.")
    app.state.database = database
    app.state.unit_of_work = unit_of_work
    app.state.settings = settings
    problems.install(app)
    app.add_middleware(RuntimeSettingsPerRequest)
    app.include_router(api_auth.router)
    app.include_router(api_bulk.router)
    app.include_router(api_tickets.router)
    app.include_router(api_actions.router)
    app.include_router(api_create.router)
    app.include_router(api_lookups.router)
    app.include_router(api_customer.router)
    app.include_router(api_admin.router)
    app.include_router(api_templates.router)
    app.include_router(api_auto_responses.router)
    return app
