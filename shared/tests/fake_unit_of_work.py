"""The base of every service's ``FakeUnitOfWork``: a transaction over in-memory state.

A test holds one :class:`FakeStore` (the fake's database) and builds as many units
of work over it as the code under test asks for. Each unit of work changes a
copy of the committed state; :meth:`FakeUnitOfWork.commit` keeps the copy, the
inbox claims and the emitted events together, and leaving without a commit
keeps nothing, as a rollback would. A service's fake adds its repositories in
:meth:`FakeUnitOfWork.open_repositories`.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Generic, Self, TypeVar

from shared.envelope import Envelope

State = TypeVar("State")


@dataclass
class FakeStore(Generic[State]):
    """What committed transactions left: the service's state, the inbox and the outbox."""

    state: State
    inbox: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    outbox: list[Envelope] = field(default_factory=list)
    commits: int = 0

    def published(self, event_type: str) -> list[Envelope]:
        return [envelope for envelope in self.outbox if envelope.type == event_type]


class FakeUnitOfWork(Generic[State]):
    def __init__(self, store: FakeStore[State]) -> None:
        self.store = store
        self.state: State
        self._claims: set[tuple[str, uuid.UUID]] = set()
        self._pending: list[Envelope] = []

    def open_repositories(self, state: State) -> None:
        """Set the service's repositories as attributes, each over ``state``."""

    def _begin(self) -> None:
        self.state = copy.deepcopy(self.store.state)
        self._claims, self._pending = set(), []
        self.open_repositories(self.state)

    async def __aenter__(self) -> Self:
        self._begin()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._begin()

    def emit(self, *events: Envelope) -> None:
        self._pending.extend(events)

    async def claim(self, consumer: str, envelope: Envelope) -> bool:
        key = (consumer, envelope.id)
        if key in self.store.inbox or key in self._claims:
            return False
        self._claims.add(key)
        return True

    async def commit(self) -> None:
        self.store.state = self.state
        self.store.inbox |= self._claims
        self.store.outbox.extend(self._pending)
        self.store.commits += 1
        self._begin()

    async def rollback(self) -> None:
        self._begin()
