"""The composition root: the only code that knows every service.

``embedded`` wires all five services into one process on the in-process bus,
with the gateway calling tickets, stats, ingest and notify through ASGI transports
(no network).
``single`` builds one service for ``umlauf serve NAME`` on RabbitMQ.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from services.gateway.main import build as build_gateway
from services.gateway.settings import GatewaySettings
from services.ingest.main import build as build_ingest
from services.ingest.settings import IngestSettings
from services.notify.main import build as build_notify
from services.notify.settings import NotifyServiceSettings, NotifySettings
from services.stats.main import build as build_stats
from services.stats.settings import StatsSettings
from services.tickets.main import build as build_tickets
from services.tickets.settings import TicketsSettings
from shared.bus import Bus, InProcessBus
from shared.retention import RetentionPolicy
from shared.runtime import Runtime, Service
from shared.settings import SERVICES, BusKind, Settings

SETTINGS: dict[str, type[Settings]] = {
    "ingest": IngestSettings,
    "tickets": TicketsSettings,
    "notify": NotifyServiceSettings,
    "stats": StatsSettings,
    "gateway": GatewaySettings,
}


def settings_for(name: str, settings: Settings) -> Any:
    """The named service's own settings on top of the shared values in ``settings`` (for the CLI, which
    reads a service's port or addresses by its name)."""
    return SETTINGS[name].of(settings)


def _build_ingest(settings: Settings) -> Service:
    """Ingest accepts bounces to the sender of notify's own notifications (besides the system addresses)."""
    return build_ingest(IngestSettings.of(settings), return_paths=[NotifySettings().notification_from])


BUILDERS: dict[str, Callable[[Settings], Service]] = {
    "ingest": _build_ingest,
    "tickets": lambda settings: build_tickets(TicketsSettings.of(settings)),
    "notify": lambda settings: build_notify(NotifyServiceSettings.of(settings)),
    "stats": lambda settings: build_stats(StatsSettings.of(settings)),
    "gateway": lambda settings: build_gateway(GatewaySettings.of(settings)),
}


def _in_process_client(service: Service) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=service.app), base_url=f"http://{service.name}", timeout=30
    )


def embedded_services(settings: Settings) -> dict[str, Service]:
    """All five services, the gateway talking to tickets and stats in-process."""
    services = {name: BUILDERS[name](settings) for name in SERVICES if name != "gateway"}
    services["gateway"] = build_gateway(
        GatewaySettings.of(settings),
        tickets=_in_process_client(services["tickets"]),
        stats=_in_process_client(services["stats"]),
        ingest=_in_process_client(services["ingest"]),
        notify=_in_process_client(services["notify"]),
    )
    return services


def make_bus(settings: Settings) -> Bus:
    if settings.bus is BusKind.RABBITMQ:
        from shared.rabbit import RabbitBus

        return RabbitBus(settings)
    return InProcessBus()


def retention_policy(settings: Settings) -> RetentionPolicy:
    return RetentionPolicy(outbox_days=settings.outbox_retention_days, inbox_days=settings.inbox_retention_days)


def _runtime(settings: Settings, services: list[Service]) -> Runtime:
    return Runtime(
        services, make_bus(settings), max_attempts=settings.max_deliveries, retention=retention_policy(settings)
    )


def embedded_runtime(settings: Settings) -> tuple[Runtime, dict[str, Service]]:
    services = embedded_services(settings)
    return _runtime(settings, list(services.values())), services


def single_runtime(settings: Settings, name: str) -> tuple[Runtime, Service]:
    service = BUILDERS[name](settings)
    return _runtime(settings, [service]), service


def service_for_admin(settings: Settings, name: str) -> Service:
    """A service built only to reach its database (migrate, demo, tokens)."""
    return BUILDERS[name](settings)
