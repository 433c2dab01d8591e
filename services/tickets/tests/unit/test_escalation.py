"""Escalation targets, and the times the ticket aggregate keeps for them (closed, first response)."""

from datetime import UTC, datetime, timedelta

from services.tickets.ticketing.domain.articles import Article, Channel, SenderType
from services.tickets.ticketing.domain.escalation import Targets, escalation_at
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.states import NEW, OPEN, State, StateType

CREATED = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
CLOSED = State("closed successful", StateType.CLOSED)
MERGED = State("merged", StateType.MERGED)


def at(minutes: int) -> datetime:
    return CREATED + timedelta(minutes=minutes)


def test_the_earliest_running_target_is_the_escalation_time():
    both = Targets(first_response_minutes=60, solution_minutes=480)
    assert escalation_at(both, StateType.NEW, CREATED, None) == at(60)
    assert escalation_at(both, StateType.OPEN, CREATED, at(30)) == at(480)  # answered: only the solution is left
    assert escalation_at(Targets(solution_minutes=480), StateType.PENDING_REMINDER, CREATED, None) == at(480)
    assert escalation_at(both, StateType.CLOSED, CREATED, None) is None
    assert escalation_at(both, StateType.MERGED, CREATED, None) is None
    assert escalation_at(Targets(), StateType.NEW, CREATED, None) is None  # 0: no target
    assert escalation_at(Targets(first_response_minutes=60), StateType.OPEN, CREATED, at(5)) is None


def _article(sender: SenderType, minutes: int, *, visible: bool = True) -> Article:
    return Article(sender, Channel.EMAIL, at(minutes), "someone", visible_for_customer=visible)


def _ticket(state: State = NEW) -> Ticket:
    return Ticket.open_new(
        number="1",
        title="Spende",
        queue_id=1,
        state=state,
        priority=3,
        first=_article(SenderType.CUSTOMER, 0),
        customer_email="a@example.org",
        actor="customer:a@example.org",
    )


def test_the_first_agent_article_the_customer_sees_is_the_first_response():
    ticket = _ticket()
    assert ticket.first_response_at is None
    ticket.add_note(_article(SenderType.AGENT, 5, visible=False), "agent:a")
    ticket.forward(_article(SenderType.AGENT, 6), "agent:a")  # to a third party
    ticket.add_follow_up(_article(SenderType.CUSTOMER, 7), "customer:a@example.org", reopen=True)
    assert ticket.first_response_at is None
    ticket.send_answer(_article(SenderType.AGENT, 10), 1, "a", "agent:a")
    ticket.add_note(_article(SenderType.AGENT, 20), "agent:a")
    assert ticket.first_response_at == at(10)


def test_closed_at_follows_every_state_change():
    ticket = _ticket()
    assert ticket.closed_at is None
    ticket.set_state(CLOSED, None, "agent:a", at(30))
    assert ticket.closed_at == at(30)
    ticket.set_state(State("closed unsuccessful", StateType.CLOSED), None, "agent:a", at(40))
    assert ticket.closed_at == at(30)  # still closed since then
    ticket.add_follow_up(_article(SenderType.CUSTOMER, 50), "customer:a@example.org", reopen=True)
    assert ticket.state == OPEN and ticket.closed_at is None
    target = _ticket()
    target.id, ticket.id = 2, 1
    ticket.merge_into(target, MERGED, "agent:a", at(60))
    assert ticket.closed_at == at(60) and target.closed_at is None
    assert _ticket(CLOSED).closed_at == CREATED  # opened as closed
