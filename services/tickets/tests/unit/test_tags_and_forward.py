"""Tags and forwarding on the aggregate, without I/O."""

from datetime import UTC, datetime

import pytest

from services.tickets.errors import Invalid
from services.tickets.ticketing.domain.articles import Article, Channel, SenderType
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.model import Ticket, normalize_tag
from services.tickets.ticketing.domain.states import NEW

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def ticket() -> Ticket:
    return Ticket(number="1", title="Spende", queue_id=1, state=NEW, priority=3, created_at=NOW, changed_at=NOW)


def test_tags_are_folded_and_recorded_once():
    t = ticket()
    assert t.tag(" Sach  Spende ", True, "agent:a", NOW)
    assert not t.tag("sach spende", True, "agent:a", NOW)
    assert t.tags == {"sach spende"} and t.version == 1
    assert t.tag("SACH SPENDE", False, "agent:a", NOW) and not t.tag("other", False, "agent:a", NOW)
    assert [(h.type, h.old, h.new) for h in t.new_history] == [
        (HistoryType.TAG_ADD, None, "sach spende"),
        (HistoryType.TAG_REMOVE, "sach spende", None),
    ]


@pytest.mark.parametrize("bad", ["", "   ", "x" * 101])
def test_invalid_tags(bad):
    with pytest.raises(Invalid):
        normalize_tag(bad)


def test_forward_neither_locks_nor_opens():
    t = ticket()
    mail = Article(SenderType.AGENT, Channel.EMAIL, NOW, "agent:a", to=["b@example.com"], visible_for_customer=False)
    t.forward(mail, "agent:a")
    assert (t.locked, t.state, t.new_articles) == (False, NEW, [mail])
    assert t.new_history[-1].type is HistoryType.FORWARD and "b@example.com" in (t.new_history[-1].note or "")
