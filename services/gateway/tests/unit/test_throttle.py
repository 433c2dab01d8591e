"""The throttle policy: how long an address waits after too many failures."""

from datetime import UTC, datetime, timedelta

from services.gateway.domain.throttle import ThrottlePolicy, attempt_fingerprint

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
POLICY = ThrottlePolicy(limit=3, window=timedelta(minutes=15))


def _ago(*minutes: float) -> list[tuple[str, datetime]]:
    """Failures of different attempts, so many minutes ago."""
    return [(f"attempt-{i}", NOW - timedelta(minutes=m)) for i, m in enumerate(minutes)]


def test_fewer_failures_than_the_limit_may_try_now():
    assert POLICY.retry_after(NOW, []) is None
    assert POLICY.retry_after(NOW, _ago(10, 1)) is None


def test_at_the_limit_the_address_waits_until_the_oldest_failure_leaves_the_window():
    assert POLICY.retry_after(NOW, _ago(10, 5, 1)) == 5 * 60


def test_beyond_the_limit_it_waits_until_only_limit_minus_one_remain():
    # Five failures: free once the third newest (5 minutes ago) has left the window.
    assert POLICY.retry_after(NOW, _ago(14, 12, 5, 3, 1)) == 10 * 60


def test_the_wait_is_never_zero_while_blocked():
    assert POLICY.retry_after(NOW, _ago(15 - 1 / 600, 2, 1)) == 1


def test_the_window_starts_where_failures_stop_counting():
    assert POLICY.since(NOW) == NOW - timedelta(minutes=15)


def test_repeats_of_one_attempt_count_once_and_from_their_latest_time():
    failures = [("same", NOW - timedelta(minutes=m)) for m in (14, 9, 2)]
    assert POLICY.retry_after(NOW, failures) is None
    assert POLICY.retry_after(NOW, [*failures, *_ago(12, 1)]) == 3 * 60  # free once "attempt-0" (12 min) leaves


def test_fingerprints_tell_attempts_apart_without_the_password():
    first = attempt_fingerprint("key", "anna", "geheim")
    assert first == attempt_fingerprint("key", "anna", "geheim")
    assert first != attempt_fingerprint("key", "anna", "geheim2")
    assert first != attempt_fingerprint("key", "annag", "eheim")
    assert first != attempt_fingerprint("other key", "anna", "geheim")
    assert "geheim" not in first
