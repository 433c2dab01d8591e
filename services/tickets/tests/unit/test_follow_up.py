from services.tickets.ticketing.domain.auto_responses import kind_for
from services.tickets.ticketing.domain.follow_up import Candidate, FollowUpPolicy, Outcome, decide, reference_ids
from services.tickets.ticketing.domain.states import StateType


def candidate(ticket_id, state_type=StateType.OPEN, policy=FollowUpPolicy.REOPEN):
    return Candidate(ticket_id, state_type, policy)


def test_nothing_found_is_a_new_ticket():
    assert decide(None, None).outcome is Outcome.NEW_TICKET


def test_subject_hook_wins_over_references():
    decision = decide(candidate(1), candidate(2))
    assert (decision.outcome, decision.ticket_id, decision.found_by) == (Outcome.FOLLOW_UP, 1, "subject")


def test_references_alone_thread_the_message():
    decision = decide(None, candidate(2, StateType.NEW))
    assert (decision.outcome, decision.ticket_id, decision.found_by) == (Outcome.FOLLOW_UP, 2, "references")


def test_the_body_number_comes_last_and_follows_the_policy_too():
    assert decide(None, candidate(2), candidate(3)).found_by == "references"
    decision = decide(None, None, candidate(3, StateType.CLOSED, FollowUpPolicy.REJECT))
    assert (decision.outcome, decision.ticket_id, decision.found_by) == (Outcome.REJECT, 3, "body")


def test_pending_ticket_takes_a_plain_follow_up():
    assert decide(candidate(1, StateType.PENDING_REMINDER), None).outcome is Outcome.FOLLOW_UP


def test_closed_ticket_follows_the_queue_policy():
    closed = StateType.CLOSED
    assert decide(candidate(1, closed, FollowUpPolicy.REOPEN), None).outcome is Outcome.REOPEN
    assert decide(candidate(1, closed, FollowUpPolicy.REJECT), None).outcome is Outcome.REJECT
    after = decide(candidate(1, closed, FollowUpPolicy.NEW_TICKET), None)
    assert (after.outcome, after.ticket_id) == (Outcome.NEW_TICKET_AFTER_CLOSED, 1)


def test_reference_ids_most_specific_first_without_duplicates():
    assert reference_ids("<c@x>", ["<a@x>", "<b@x>", "<c@x>"]) == ["<c@x>", "<b@x>", "<a@x>"]
    assert reference_ids(None, []) == []
    assert reference_ids(" ", ["<a@x>"]) == ["<a@x>"]


def test_trusted_senders_are_the_customer_and_the_participants():
    from services.tickets.ticketing.domain.follow_up import is_trusted_sender

    assert is_trusted_sender("Spender@Example.org", "spender@example.org", set())
    assert is_trusted_sender("kassenwart@example.net", "spender@example.org", {"kassenwart@example.net"})
    assert not is_trusted_sender("stranger@evil.example", "spender@example.org", {"kassenwart@example.net"})
    assert not is_trusted_sender("", None, set())


def test_each_outcome_has_its_auto_response_kind():
    assert {o: kind_for(o).value for o in Outcome} == {
        Outcome.NEW_TICKET: "new",
        Outcome.FOLLOW_UP: "follow_up",
        Outcome.REOPEN: "follow_up",
        Outcome.REJECT: "reject",
        Outcome.NEW_TICKET_AFTER_CLOSED: "new_after_closed",
    }
