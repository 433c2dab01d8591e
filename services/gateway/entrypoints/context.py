"""What every route needs, kept on ``app.state`` and handed out as a FastAPI dependency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import httpx
from fastapi import Depends, Request

from services.gateway.adapters.admin_client import AdminClient
from services.gateway.adapters.identity_client import Identities
from services.gateway.adapters.portal_client import PortalClient
from services.gateway.adapters.tickets_actions import TicketActions
from services.gateway.adapters.tickets_client import TicketsClient
from services.gateway.app.bus import MessageBus
from services.gateway.config import GatewayOptions
from services.gateway.presentation.rendering import Renderer
from services.gateway.settings import GatewaySettings


@dataclass
class Gateway:
    settings: GatewaySettings
    options: GatewayOptions
    bus: MessageBus
    """The gateway's own use cases (sessions, login throttle), by command."""
    tickets: TicketsClient
    identities: Identities
    actions: TicketActions
    portal: PortalClient
    admin: AdminClient
    tickets_http: httpx.AsyncClient
    stats_http: httpx.AsyncClient
    ingest_http: httpx.AsyncClient
    notify_http: httpx.AsyncClient
    renderer: Renderer


def get_gateway(request: Request) -> Gateway:
    return request.app.state.gateway


GatewayDep = Annotated[Gateway, Depends(get_gateway)]
