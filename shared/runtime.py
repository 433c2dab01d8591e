"""How a service is put together and run, the same way in both modes.

A service's ``main.build(settings, …)`` returns a :class:`Service`: its HTTP app,
database, outbox table, event handlers and background tasks, none of them
started. :class:`Runtime` starts a set of services on one bus: all five on an
:class:`~shared.bus.InProcessBus` for the embedded mode, a single one on
RabbitMQ for ``umlauf serve NAME``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import Table

from shared.bus import Bus, Subscription
from shared.db import Database
from shared.handlers import EventHandlers
from shared.migrations import upgrade
from shared.outbox import OutboxRelay
from shared.retention import Prune, Retention, RetentionPolicy, prune_inbox, prune_published_outbox

log = logging.getLogger(__name__)


@dataclass
class Service:
    """Everything the runtime needs to know about one service."""

    name: str
    app: FastAPI
    database: Database
    outbox: Table | None
    """The table the service's events leave through; ``None``: it emits none and runs no relay."""
    migrations: Path
    inbox: Table | None = None
    """The table of events the service handled; pruned by retention when set."""
    pruners: Sequence[Prune] = ()
    """The service's own retention (e.g. ingest's raw mail), run with the outbox and inbox pruners."""
    handlers: EventHandlers = field(default_factory=EventHandlers)
    """The events the service consumes, by contract class."""
    background: Sequence[Callable[[], Awaitable[None]]] = ()
    """Coroutine functions run as tasks while the service is up (servers, schedulers)."""
    on_start: Sequence[Callable[[], Awaitable[None]]] = ()
    """Run once by :meth:`Runtime.start` before the tasks; a failure is logged, the service still starts."""
    on_stop: Sequence[Callable[[], Awaitable[None]]] = ()


class Runtime:
    """Starts services: migrations (optional), bus, start hooks, outbox relays, background tasks."""

    def __init__(
        self,
        services: Sequence[Service],
        bus: Bus,
        *,
        max_attempts: int = 5,
        retention: RetentionPolicy | None = None,
    ) -> None:
        """``retention``: prune the services' messaging tables by this policy; ``None``: keep everything."""
        self.services = list(services)
        self.bus = bus
        self.max_attempts = max_attempts
        self.retention = retention
        self._tasks: list[asyncio.Task[None]] = []
        self._started = False
        for service in self.services:
            add_health_routes(service.app, self._readiness(service))

    async def migrate(self) -> None:
        for service in self.services:
            await asyncio.to_thread(upgrade, service.migrations, service.database.url)

    async def start(self) -> None:
        subscriptions = [
            Subscription(consumer=s.name, handlers=s.handlers.routes()) for s in self.services if s.handlers
        ]
        await self.bus.start(subscriptions)
        for service in self.services:
            for starter in service.on_start:
                try:
                    await starter()
                except Exception:
                    log.exception("a start hook of %s failed", service.name)
        for service in self.services:
            if service.outbox is not None:
                relay = OutboxRelay(
                    service.database, service.outbox, self.bus.publish_stored, max_attempts=self.max_attempts
                )
                self._tasks.append(asyncio.create_task(relay.run(), name=f"{service.name}-relay"))
            if self.retention is not None and (pruners := self._pruners(service, self.retention)):
                retention = Retention(service.name, pruners, self.retention)
                self._tasks.append(asyncio.create_task(retention.run(), name=f"{service.name}-retention"))
            for job in service.background:
                self._tasks.append(asyncio.create_task(_guarded(job, service.name)))
        self._started = True

    @staticmethod
    def _pruners(service: Service, policy: RetentionPolicy) -> list[Prune]:
        pruners = list(service.pruners)
        if service.outbox is not None:
            pruners.append(prune_published_outbox(service.database, service.outbox, policy.outbox_days))
        if service.inbox is not None:
            pruners.append(prune_inbox(service.database, service.inbox, policy.inbox_days))
        return pruners

    async def stop(self) -> None:
        self._started = False
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        await self.bus.stop()
        for service in self.services:
            for closer in service.on_stop:
                with contextlib.suppress(Exception):
                    await closer()
            await service.database.dispose()

    def _readiness(self, service: Service) -> Callable[[], Awaitable[dict[str, bool]]]:
        async def check() -> dict[str, bool]:
            checks = {"database": await service.database.ping()}
            checks.update(await self.bus.ready())
            # A service may have no task of its own (stats without retention): started is what counts.
            checks["running"] = self._started and not any(t.done() for t in self._tasks)
            return checks

        return check

    async def serve(self, apps: Sequence[tuple[FastAPI, str, int]], forwarded_allow_ips: str = "127.0.0.1") -> None:
        """Run the given HTTP apps with uvicorn until interrupted, then stop."""
        servers = [http_server(app, host, port, forwarded_allow_ips) for app, host, port in apps]
        try:
            await asyncio.gather(*(server.serve() for server in servers))
        finally:
            await self.stop()


def http_server(app: FastAPI, host: str, port: int, forwarded_allow_ips: str) -> uvicorn.Server:
    """A uvicorn server that believes ``X-Forwarded-For``/``-Proto`` only from the given proxies.

    Behind a TLS proxy on another host, the client address the login throttle counts
    and the ``Secure`` cookie decision both come from these headers: without the
    proxy's address here, every user shares the proxy's address and plain http.
    """
    config = uvicorn.Config(
        app, host=host, port=port, log_config=None, lifespan="off", forwarded_allow_ips=forwarded_allow_ips
    )
    return uvicorn.Server(config)


async def _guarded(job: Callable[[], Awaitable[None]], name: str) -> None:
    try:
        await job()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("background task of %s stopped", name)
        raise


def add_health_routes(app: FastAPI, readiness: Callable[[], Awaitable[dict[str, bool]]]) -> None:
    """``/healthz``: the process answers. ``/readyz``: database, bus and consumers are up."""
    if any(getattr(r, "path", None) == "/readyz" for r in app.router.routes):
        return

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        checks = await readiness()
        ready = all(checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)
