"""The kept identities: expire before their signature does, bounded, never keyed by the credential itself."""

from datetime import UTC, datetime, timedelta

from services.gateway.domain.identity_cache import LIFETIME, IdentityCache
from shared.identity import MAX_AGE_SECONDS

START = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def test_an_identity_is_kept_until_shortly_before_its_signature_expires() -> None:
    assert LIFETIME < timedelta(seconds=MAX_AGE_SECONDS)
    clock = Clock()
    cache = IdentityCache(clock)
    cache.put("Bearer a", "signed-a", asked_at=START)
    clock.now = START + LIFETIME - timedelta(seconds=1)
    assert cache.get("Bearer a") == "signed-a"
    clock.now = START + LIFETIME
    assert cache.get("Bearer a") is None
    assert len(cache) == 0  # an expired entry is dropped on sight


def test_the_lifetime_counts_from_when_it_was_asked_for() -> None:
    clock = Clock()
    cache = IdentityCache(clock, lifetime=timedelta(seconds=10))
    clock.now = START + timedelta(seconds=9)
    cache.put("Bearer a", "signed-a", asked_at=START)  # the answer came late: it expires all the same at 10 s
    clock.now = START + timedelta(seconds=10)
    assert cache.get("Bearer a") is None


def test_credentials_are_kept_apart_and_a_forgotten_one_is_gone() -> None:
    cache = IdentityCache(Clock())
    cache.put("Bearer a", "signed-a", START)
    cache.put("Bearer b", "signed-b", START)
    assert (cache.get("Bearer a"), cache.get("Bearer b"), cache.get("Bearer c")) == ("signed-a", "signed-b", None)
    cache.forget("Bearer a")
    cache.forget("Bearer never-seen")
    assert cache.get("Bearer a") is None and cache.get("Bearer b") == "signed-b"


def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    cache = IdentityCache(Clock(), capacity=2)
    cache.put("Bearer a", "signed-a", START)
    cache.put("Bearer b", "signed-b", START)
    assert cache.get("Bearer a") == "signed-a"  # a is used again, so b is the oldest
    cache.put("Bearer c", "signed-c", START)
    assert len(cache) == 2
    assert cache.get("Bearer b") is None and cache.get("Bearer a") == "signed-a" and cache.get("Bearer c") == "signed-c"


def test_no_credential_is_kept_as_such() -> None:
    cache = IdentityCache(Clock())
    cache.put("Bearer secret-token", "signed", START)
    assert not any("secret-token" in key for key in cache._entries)
