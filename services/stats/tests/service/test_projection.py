"""The projection on SQLite (embedded) and PostgreSQL: counts, repeats, order."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.stats.adapters.orm import inbox, queue_day_counts
from services.stats.domain.projection import Metric
from services.stats.main import rebuild
from services.stats.queries import per_queue_and_day
from services.stats.tests.events import article, created, utc

ALL = [1, 2, 3]


async def _report(service, metric: Metric = Metric.TICKETS_CREATED):  # type: ignore[no-untyped-def]
    report = await per_queue_and_day(service.database, metric, readable_queue_ids=ALL, first=None, last=None)
    return [(r.day.isoformat(), r.queue_id, r.queue, r.count) for r in report.rows], report.total


async def test_tickets_are_counted_per_queue_and_utc_day(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    handle = stats.handlers.handle
    await handle(created(1, 1, "Allgemein", utc(28, 9)))
    await handle(created(2, 1, "Allgemein", utc(28, 23)))
    await handle(created(3, 2, "Materialwart", utc(28, 12)))
    await handle(created(4, 1, "Allgemein", utc(29, 0)))

    assert await _report(stats) == (
        [
            ("2026-11-28", 1, "Allgemein", 2),
            ("2026-11-28", 2, "Materialwart", 1),
            ("2026-11-29", 1, "Allgemein", 1),
        ],
        4,
    )


async def test_the_same_event_twice_counts_once(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    event = created(1, 1, "Allgemein", utc(28))
    await stats.handlers.handle(event)
    await stats.handlers.handle(event)

    assert await _report(stats) == ([("2026-11-28", 1, "Allgemein", 1)], 1)


async def test_any_order_gives_the_same_counts_and_the_newest_queue_name(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    # Newest first: the event still carrying the queue's old name arrives last.
    for event in (
        created(3, 3, "Abteilung Fußball", utc(28, 11)),
        created(4, 1, "Allgemein", utc(28)),
        created(2, 3, "Abteilung Fußball", utc(28)),
        created(1, 3, "Abteilung Fussball", utc(27)),
    ):
        await stats.handlers.handle(event)

    assert await _report(stats) == (
        [
            ("2026-11-27", 3, "Abteilung Fußball", 1),
            ("2026-11-28", 3, "Abteilung Fußball", 2),
            ("2026-11-28", 1, "Allgemein", 1),
        ],
        4,
    )


async def test_articles_are_counted_apart_from_tickets(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    await stats.handlers.handle(created(1, 1, "Allgemein", utc(28)))
    await stats.handlers.handle(article(1, 2, "Materialwart", utc(28)))
    await stats.handlers.handle(article(2, 2, "Materialwart", utc(28)))

    assert await _report(stats) == ([("2026-11-28", 1, "Allgemein", 1)], 1)
    assert await _report(stats, Metric.ARTICLES_ADDED) == ([("2026-11-28", 2, "Materialwart", 2)], 2)


async def test_rebuild_empties_the_projection_so_a_replay_counts_again(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    event = created(1, 1, "Allgemein", utc(28))
    await stats.handlers.handle(event)

    await rebuild(stats.database)
    async with stats.database.sessions() as session:
        assert (await session.execute(select(queue_day_counts))).all() == []
        assert (await session.execute(select(inbox))).all() == []

    await stats.handlers.handle(event)
    assert await _report(stats) == ([("2026-11-28", 1, "Allgemein", 1)], 1)


async def test_date_bounds_are_inclusive(any_db_url, start_stats) -> None:
    stats = await start_stats(any_db_url)
    for day in (26, 27, 28, 29):
        await stats.handlers.handle(created(day, 1, "Allgemein", utc(day)))

    report = await per_queue_and_day(
        stats.database,
        Metric.TICKETS_CREATED,
        readable_queue_ids=ALL,
        first=date(2026, 11, 27),
        last=date(2026, 11, 28),
    )
    assert [r.day.day for r in report.rows] == [27, 28] and report.total == 2
