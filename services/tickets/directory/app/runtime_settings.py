"""Runtime settings: read once per request from the database, so all replicas agree at once.

The HTTP app wraps each request in :func:`request_scope`; within it the first
:func:`current` reads the table and later calls reuse that. Outside a request (bus
handlers, the scheduler) every call reads the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from services.tickets.directory.domain.runtime_settings import RuntimeSettings
from services.tickets.unit_of_work import TicketsUnitOfWork

_request_cache: ContextVar[dict[str, RuntimeSettings] | None] = ContextVar("runtime_settings", default=None)


def remember(settings: RuntimeSettings) -> None:
    """After a change: the rest of this request sees the new values."""
    cache = _request_cache.get()
    if cache is not None:
        cache["settings"] = settings


@contextmanager
def request_scope() -> Iterator[None]:
    token = _request_cache.set({})
    try:
        yield
    finally:
        _request_cache.reset(token)


async def current(uow: TicketsUnitOfWork) -> RuntimeSettings:
    cache = _request_cache.get()
    if cache is not None and "settings" in cache:
        return cache["settings"]
    settings = await uow.runtime_settings.load()
    if cache is not None:
        cache["settings"] = settings
    return settings
