from datetime import UTC, date, datetime, timedelta, timezone

from services.stats.domain.projection import Increment, Metric, count, utc_day


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
