"""Stats' storage in memory, behind the Protocols of ``services.stats.app.unit_of_work``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from services.stats.domain.projection import Increment, Metric, QueueName
from shared.tests.fake_unit_of_work import FakeStore, FakeUnitOfWork


@dataclass
class ProjectionState:
    counts: Counter[tuple[Metric, date, int]] = field(default_factory=Counter)
    names: dict[int, QueueName] = field(default_factory=dict)


class FakeProjection:
    def __init__(self, state: ProjectionState) -> None:
        self.state = state

    async def add(self, increment: Increment) -> None:
        self.state.counts[(increment.metric, increment.day, increment.queue_id)] += 1

    async def name_queue(self, name: QueueName) -> None:
        kept = self.state.names.get(name.queue_id)
        if kept is None or kept.as_of < name.as_of:
            self.state.names[name.queue_id] = name


class FakeStatsUnitOfWork(FakeUnitOfWork[ProjectionState]):
    projection: FakeProjection

    def open_repositories(self, state: ProjectionState) -> None:
        self.projection = FakeProjection(state)


def fake_store() -> FakeStore[ProjectionState]:
    return FakeStore(ProjectionState())
