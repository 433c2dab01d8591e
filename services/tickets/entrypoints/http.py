"""The FastAPI app of the tickets service (routes only; the runtime adds /healthz, /readyz)."""

from __future__ import annotations

from fastapi import FastAPI

from services.tickets.entrypoints import (
    api_actions,
    api_admin,
    api_auth,
    api_auto_responses,
    api_bulk,
    api_create,
    api_customer,
    api_lookups,
    api_templates,
    api_tickets,
    problems,
)
from shared.db import Database
from shared.settings import Settings


def create_app(database: Database, settings: Settings) -> FastAPI:
    app = FastAPI(title="Umlauf tickets", version="1", description="Tickets, queues, agents and their history.")
    app.state.database = database
    app.state.settings = settings
    problems.install(app)
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
