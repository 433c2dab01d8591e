from datetime import UTC, date, datetime, timedelta, timezone

from services.stats.domain.projection import Increment, Metric, closing, count, moving, utc_day


def test_the_day_is_the_utc_date_of_the_moment() -> None:
    berlin = timezone(timedelta(hours=1))
    assert utc_day(datetime(2026, 11, 29, 0, 30, tzinfo=berlin)) == date(2026, 11, 28)
    assert utc_day(datetime(2026, 11, 28, 23, 59, tzinfo=UTC)) == date(2026, 11, 28)
    assert utc_day(datetime(2026, 11, 28, 20, 0, tzinfo=timezone(timedelta(hours=-5)))) == date(2026, 11, 29)


def test_a_naive_moment_is_taken_as_utc() -> None:
    assert utc_day(datetime(2026, 11, 28, 23, 59)) == date(2026, 11, 28)


def test_an_event_counts_one_for_its_queue_and_day() -> None:
    at = datetime(2026, 11, 28, 10, tzinfo=UTC)
    assert count(Metric.TICKETS_CREATED, 7, at) == Increment(Metric.TICKETS_CREATED, date(2026, 11, 28), 7)


def test_only_a_ticket_becoming_closed_counts_as_closed() -> None:
    at = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    assert closing("open", "closed", 4, at) == [Increment(Metric.TICKETS_CLOSED, date(2026, 11, 28), 4)]
    assert closing("closed", "closed", 4, at) == []  # one closed state after another
    assert closing(None, "closed", 4, at) == []  # no state change in this update
    assert closing("closed", "open", 4, at) == []


def test_a_move_counts_out_of_one_queue_and_into_the_other() -> None:
    at = datetime(2026, 11, 29, 0, 30, tzinfo=UTC)
    assert moving(1, 2, at) == [
        Increment(Metric.MOVED_OUT, date(2026, 11, 29), 1),
        Increment(Metric.MOVED_IN, date(2026, 11, 29), 2),
    ]
