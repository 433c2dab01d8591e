from datetime import UTC, datetime, timedelta

from services.notify.domain.delivery import RetryPolicy

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
POLICY = RetryPolicy(base_seconds=60, max_delay_seconds=600, give_up_after_seconds=3600)


def test_delays_double_after_each_failure_up_to_the_cap() -> None:
    delays = [
        (POLICY.next_attempt(attempts=n, queued_at=T0, now=T0) - T0).total_seconds()  # type: ignore[operator]
        for n in range(1, 7)
    ]
    assert delays == [60, 120, 240, 480, 600, 600]


def test_no_retry_is_scheduled_past_the_give_up_time() -> None:
    now = T0 + timedelta(seconds=3500)
    assert POLICY.next_attempt(attempts=3, queued_at=T0, now=now) is None
    assert POLICY.next_attempt(attempts=1, queued_at=T0, now=T0 + timedelta(seconds=3540)) == T0 + timedelta(
        seconds=3600
    )
