from datetime import UTC, datetime, timedelta

from services.tickets.identity.domain.throttle import MAX_FAILURES, WINDOW, Failures, Throttle

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_blocked_after_max_failures_within_the_window_and_free_after_it():
    failures = Failures(0, T0)
    for i in range(MAX_FAILURES):
        assert failures.blocked_until(T0 + timedelta(seconds=i)) is None
        failures = failures.after_failure(T0 + timedelta(seconds=i))
    assert failures.blocked_until(T0 + timedelta(minutes=1)) == T0 + WINDOW
    assert failures.blocked_until(T0 + WINDOW) is None


def test_a_failure_after_the_window_starts_a_new_one():
    old = Failures(MAX_FAILURES, T0)
    later = T0 + WINDOW + timedelta(seconds=1)
    assert old.after_failure(later) == Failures(1, later)


def test_limit_and_window_come_from_the_settings():
    strict = Throttle(limit=2, window=timedelta(minutes=1))
    failures = Failures(0, T0).after_failure(T0, strict).after_failure(T0, strict)
    assert failures.blocked_until(T0 + timedelta(seconds=30), strict) == T0 + timedelta(minutes=1)
    assert failures.blocked_until(T0 + timedelta(seconds=30)) is None  # the default allows five
