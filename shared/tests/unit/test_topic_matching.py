import uuid

import pytest

from shared.bus import Subscription, topic_matches
from shared.envelope import Envelope


@pytest.mark.parametrize(
    ("pattern", "key", "expected"),
    [
        ("ticket.created", "ticket.created", True),
        ("ticket.created", "ticket.moved", False),
        ("ticket.*", "ticket.created", True),
        ("ticket.*", "ticket.article.added", False),
        ("ticket.#", "ticket.article.added", True),
        ("ticket.#", "ticket", True),
        ("#", "notify.mail.sent", True),
        ("*.mail.*", "notify.mail.sent", True),
        ("*.mail.*", "notify.mail", False),
        ("#.sent", "notify.mail.sent", True),
        ("ticket.created", "ticket.created.extra", False),
    ],
)
def test_topic_matching_follows_rabbitmq(pattern: str, key: str, expected: bool) -> None:
    assert topic_matches(pattern, key) is expected


async def test_dispatch_finds_exact_handler_before_pattern_and_ignores_unknown_types() -> None:
    calls: list[str] = []

    async def exact(envelope: Envelope) -> None:
        calls.append("exact")

    async def any_ticket(envelope: Envelope) -> None:
        calls.append("pattern")

    subscription = Subscription("toy", {"ticket.#": any_ticket, "ticket.created": exact})
    for type_ in ("ticket.created", "ticket.moved", "notify.mail.sent"):
        await subscription.dispatch(Envelope(type=type_, version=1, source="t", correlation_id=uuid.uuid4(), data={}))
    assert calls == ["exact", "pattern"]
