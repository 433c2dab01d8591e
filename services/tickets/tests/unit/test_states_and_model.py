from datetime import UTC, datetime

import pytest

from services.tickets.directory.domain.templates import CustomerVars, QueueVars, TicketVars, compose, render
from services.tickets.errors import Invalid
from services.tickets.ticketing.domain.articles import Article, Channel, SenderType
from services.tickets.ticketing.domain.delivery import DeliveryStatus, merge
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.states import DEFAULT_STATES, NEW, State, StateType

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def article(subject="Spende"):
    return Article(SenderType.CUSTOMER, Channel.EMAIL, NOW, "customer:a@example.org", subject=subject)


def test_state_buckets():
    buckets = {s.name: s.type.bucket for s in DEFAULT_STATES}
    assert buckets["new"] == "new"
    assert buckets["pending auto close+"] == "pending"
    assert buckets["closed unsuccessful"] == "closed"
    assert StateType.MERGED.is_closed and not StateType.PENDING_REMINDER.is_closed


def test_a_new_ticket_has_version_one_an_article_and_history():
    ticket = Ticket.open_new(
        number="1",
        title="",
        queue_id=1,
        state=NEW,
        priority=3,
        first=article(),
        customer_email="a@example.org",
        actor="customer:a@example.org",
    )
    assert ticket.title == "(no subject)"
    assert ticket.version == 1
    assert [h.type for h in ticket.new_history] == [HistoryType.NEW_TICKET]
    assert len(ticket.new_articles) == 1


def test_follow_up_reopens_a_closed_ticket_only_when_asked():
    closed = State("closed successful", StateType.CLOSED)
    ticket = Ticket(
        number="1", title="t", queue_id=1, state=closed, priority=3, created_at=NOW, changed_at=NOW, version=4
    )
    ticket.add_follow_up(article(), "customer:a", reopen=False)
    assert ticket.state == closed and ticket.version == 5
    ticket.add_follow_up(article(), "customer:a", reopen=True)
    assert ticket.state.name == "open"
    assert [h.type for h in ticket.new_history] == [
        HistoryType.FOLLOW_UP,
        HistoryType.FOLLOW_UP,
        HistoryType.FOLLOW_UP_STATE,  # the history says the follow-up changed the state
    ]


def test_follow_up_sets_the_queue_state_on_open_and_pending_tickets_never_on_new():
    answered = State("customer answered", StateType.OPEN)
    pending = State("pending reminder", StateType.PENDING_REMINDER)
    ticket = Ticket(number="1", title="t", queue_id=1, state=pending, priority=3, created_at=NOW, changed_at=NOW)
    ticket.pending_until = NOW
    ticket.add_follow_up(article(), "customer:a", reopen=False, follow_up_state=answered)
    assert (ticket.state, ticket.pending_until) == (answered, None)
    entry = ticket.new_history[-1]
    assert (entry.type, entry.old, entry.new) == (HistoryType.FOLLOW_UP_STATE, "pending reminder", "customer answered")

    new = Ticket(number="2", title="t", queue_id=1, state=NEW, priority=3, created_at=NOW, changed_at=NOW)
    new.add_follow_up(article(), "customer:a", reopen=True, follow_up_state=answered)
    assert new.state == NEW and [h.type for h in new.new_history] == [HistoryType.FOLLOW_UP]
    with pytest.raises(Invalid):
        new.add_follow_up(article(), "customer:a", reopen=True, follow_up_state=pending)


def test_delivery_status_never_goes_back():
    assert merge(None, DeliveryStatus.DEFERRED) is DeliveryStatus.DEFERRED
    assert merge(DeliveryStatus.SENT, DeliveryStatus.DEFERRED) is DeliveryStatus.SENT
    assert merge(DeliveryStatus.DEFERRED, DeliveryStatus.FAILED) is DeliveryStatus.FAILED
    assert merge(DeliveryStatus.FAILED, DeliveryStatus.DEFERRED) is DeliveryStatus.FAILED


def test_templates_render_variables_and_survive_mistakes():
    kw = {
        "ticket": TicketVars("2026112810000011", "Korb"),
        "customer": CustomerVars("a@x", "Anna"),
        "queue": QueueVars("Allgemein"),
    }
    assert render("Nr. {{ ticket.number }} für {{ customer.name }}", **kw) == "Nr. 2026112810000011 für Anna"
    assert render("{{ nope.attr }}", **kw) == "{{ nope.attr }}"
    assert render("{{ ticket.__class__.__mro__ }}", **kw) == "{{ ticket.__class__.__mro__ }}"
    assert compose("Hallo,", "", "Text\n", None, "Gruß") == "Hallo,\n\nText\n\nGruß"
