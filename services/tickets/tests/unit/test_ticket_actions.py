from datetime import UTC, datetime, timedelta

import pytest

from services.tickets.directory.domain.permissions import Grant, Permission, PermissionSet
from services.tickets.errors import Conflict, Forbidden, Invalid, NotFound
from services.tickets.ticketing.domain import policy
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.ticketing.domain.model import Ticket
from services.tickets.ticketing.domain.states import NEW, State, StateType

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PENDING = State("pending reminder", StateType.PENDING_REMINDER)
CLOSED = State("closed successful", StateType.CLOSED)


def ticket(**kw):
    values = {
        "number": "1",
        "title": "t",
        "queue_id": 1,
        "state": NEW,
        "priority": 3,
        "created_at": NOW,
        "changed_at": NOW,
        "version": 1,
    }
    values.update(kw)
    return Ticket(**values)


def test_move_unlocks_and_a_move_to_the_same_queue_changes_nothing():
    t = ticket(locked=True, owner_id=7)
    assert not t.move(1, "A", "A", "agent:x", NOW)
    assert t.version == 1
    assert t.move(2, "A", "B", "agent:x", NOW)
    assert (t.queue_id, t.locked, t.owner_id, t.version) == (2, False, 7, 2)
    assert [h.type for h in t.new_history] == [HistoryType.MOVE, HistoryType.UNLOCK]


def test_lock_held_by_another_needs_take_over():
    t = ticket(locked=True, owner_id=7)
    with pytest.raises(Conflict):
        t.lock(8, "b", "agent:b", NOW, previous_login="a")
    assert t.lock(8, "b", "agent:b", NOW, previous_login="a", take_over=True)
    assert t.owner_id == 8 and t.new_history[0].note == "Taken over from a."
    assert not t.lock(8, "b", "agent:b", NOW, previous_login="b")


def test_pending_state_needs_a_time_and_closing_unlocks():
    t = ticket(locked=True, owner_id=1)
    with pytest.raises(Invalid):
        t.set_state(PENDING, None, "agent:a", NOW)
    due = NOW + timedelta(days=1)
    assert t.set_state(PENDING, due, "agent:a", NOW)
    assert t.pending_until == due
    assert t.set_state(CLOSED, due, "agent:a", NOW)
    assert (t.pending_until, t.locked) == (None, False)
    with pytest.raises(Invalid):
        t.set_state(State("merged", StateType.MERGED), None, "agent:a", NOW)


def test_priority_bounds_and_title():
    t = ticket()
    with pytest.raises(Invalid):
        t.set_priority(0, "agent:a", NOW)
    assert not t.set_priority(3, "agent:a", NOW)
    assert t.set_priority(5, "agent:a", NOW) and t.new_history[-1].new == "5 very high"
    with pytest.raises(Invalid):
        t.set_title("  ", "agent:a", NOW)


def test_policy_hides_unreadable_and_forbids_missing_permission():
    perms = PermissionSet.resolve([Grant(1, Permission.RO), Grant(2, Permission.MOVE_INTO)], [], None)
    with pytest.raises(NotFound):
        policy.require(perms, 2, Permission.MOVE_INTO)  # cannot read group 2 at all
    with pytest.raises(Forbidden):
        policy.require(perms, 1, Permission.NOTE)
    policy.require_target(perms, 2, Permission.MOVE_INTO)
    with pytest.raises(Conflict):
        policy.require_unlocked_for(ticket(locked=True, owner_id=5), 6, perms, 1)
    policy.require_unlocked_for(ticket(locked=True, owner_id=5), 5, perms, 1)
