"""Stats' handlers built by ``bootstrap`` on the in-memory unit of work: counting, closing, moving, repeats."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from services.stats.bootstrap import bootstrap
from services.stats.domain.projection import Metric
from services.stats.tests.events import article, created, moved, state_changed, utc
from services.stats.tests.unit.fakes import FakeStatsUnitOfWork, ProjectionState, fake_store
from shared.contracts import UnknownEventVersion
from shared.handlers import EventHandlers
from shared.tests.fake_unit_of_work import FakeStore

ALLGEMEIN, MATERIAL = (1, "Allgemein"), (2, "Materialwart")
OPEN, CLOSED, CLOSED_BAD = ("open", "open"), ("closed successful", "closed"), ("closed unsuccessful", "closed")


@pytest.fixture
def store() -> FakeStore[ProjectionState]:
    return fake_store()


@pytest.fixture
def handlers(store: FakeStore[ProjectionState]) -> EventHandlers:
    return bootstrap(lambda: FakeStatsUnitOfWork(store))


def counts(store: FakeStore[ProjectionState]) -> Counter:
    return store.state.counts


async def test_created_and_articles_count_in_their_queue_and_day(store, handlers) -> None:
    await handlers.handle(created(1, *ALLGEMEIN, utc(27, 23)))
    await handlers.handle(article(1, *ALLGEMEIN, utc(28, 1)))
    await handlers.handle(article(1, *ALLGEMEIN, utc(28, 2)))
    assert counts(store) == {
        (Metric.TICKETS_CREATED, date(2026, 11, 27), 1): 1,
        (Metric.ARTICLES_ADDED, date(2026, 11, 28), 1): 2,
    }
    assert store.state.names[1].name == "Allgemein"


async def test_a_ticket_becoming_closed_counts_once_in_its_queue(store, handlers) -> None:
    await handlers.handle(state_changed(1, 2, *MATERIAL, utc(27), old=OPEN, new=CLOSED))
    await handlers.handle(state_changed(1, 3, *MATERIAL, utc(27, 11), old=CLOSED, new=CLOSED_BAD))
    await handlers.handle(state_changed(1, 4, *MATERIAL, utc(27, 12), old=CLOSED, new=OPEN))
    assert counts(store) == {(Metric.TICKETS_CLOSED, date(2026, 11, 27), 2): 1}
    assert store.commits == 3  # every event is claimed, counted or not


async def test_a_move_counts_out_of_one_queue_and_into_the_other_and_names_both(store, handlers) -> None:
    await handlers.handle(moved(1, 2, ALLGEMEIN, MATERIAL, utc(28)))
    assert counts(store) == {
        (Metric.MOVED_OUT, date(2026, 11, 28), 1): 1,
        (Metric.MOVED_IN, date(2026, 11, 28), 2): 1,
    }
    assert {q: n.name for q, n in store.state.names.items()} == {1: "Allgemein", 2: "Materialwart"}


async def test_a_repeated_event_counts_once(store, handlers) -> None:
    envelope = created(1, *ALLGEMEIN, utc(28))
    await handlers.handle(envelope)
    await handlers.handle(envelope)
    assert counts(store) == {(Metric.TICKETS_CREATED, date(2026, 11, 28), 1): 1}
    assert store.commits == 1


async def test_a_late_old_event_does_not_undo_a_rename(store, handlers) -> None:
    await handlers.handle(created(2, 1, "Empfang", utc(28), occurred_at=utc(28)))
    await handlers.handle(created(1, 1, "Allgemein", utc(27), occurred_at=utc(27)))
    assert store.state.names[1].name == "Empfang"
    assert counts(store)[(Metric.TICKETS_CREATED, date(2026, 11, 27), 1)] == 1


async def test_a_failing_count_keeps_neither_the_count_nor_the_claim(store) -> None:
    class Broken(FakeStatsUnitOfWork):
        def open_repositories(self, state: ProjectionState) -> None:
            super().open_repositories(state)

            async def name_queue(name: object) -> None:
                raise RuntimeError("database gone")

            self.projection.name_queue = name_queue  # type: ignore[method-assign]

    envelope = created(1, *ALLGEMEIN, utc(28))
    with pytest.raises(RuntimeError):
        await bootstrap(lambda: Broken(store)).handle(envelope)
    assert counts(store) == {} and store.inbox == set()
    await bootstrap(lambda: FakeStatsUnitOfWork(store)).handle(envelope)  # the redelivery counts
    assert counts(store) == {(Metric.TICKETS_CREATED, date(2026, 11, 28), 1): 1}


async def test_an_unknown_version_reaches_no_handler(store, handlers) -> None:
    envelope = created(1, *ALLGEMEIN, utc(28)).model_copy(update={"version": 9})
    with pytest.raises(UnknownEventVersion):
        await handlers.handle(envelope)
    assert store.commits == 0
