"""Dispatch by command type: each command goes to its one handler with a fresh unit of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from services.gateway.app.commands import Command
from services.gateway.app.unit_of_work import UnitOfWork

R = TypeVar("R")
Handler = Callable[[Any, UnitOfWork], Awaitable[Any]]


class MessageBus:
    def __init__(self, uow: Callable[[], UnitOfWork], handlers: Mapping[type[Command[Any]], Handler]) -> None:
        self._uow = uow
        self._handlers = dict(handlers)

    async def handle(self, command: Command[R]) -> R:
        handler = self._handlers.get(type(command))
        if handler is None:
            raise LookupError(f"no handler for {type(command).__name__}")
        result: R = await handler(command, self._uow())
        return result
