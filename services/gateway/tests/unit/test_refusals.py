"""Tickets' refusals read into what the agent is told: a 409's problem code picks the words."""

from __future__ import annotations

import httpx
import pytest

from services.gateway.adapters.tickets_actions import Refused, refusal
from services.gateway.entrypoints.actions import explain
from services.gateway.presentation.notices import LOCKED, REFUSAL_MESSAGES, STALE, Notice


def _refused(status: int, problem: dict) -> Refused:
    response = httpx.Response(status, json=problem, headers={"content-type": "application/problem+json"})
    with pytest.raises(Refused) as caught:
        refusal(response)
    return caught.value


def test_a_stale_version_and_a_lock_are_told_apart_by_the_code():
    stale = _refused(409, {"status": 409, "detail": "ticket 1 is at version 3, not 2", "code": "stale-version"})
    assert explain("notes", stale) == Notice("notes", STALE)
    locked = _refused(
        409,
        {"status": 409, "detail": "ticket 1 is locked by presse", "code": "locked-by-other", "locked_by": "presse"},
    )
    assert explain("notes", locked) == Notice("notes", LOCKED, "ticket 1 is locked by presse", {"agent": "presse"})


def test_other_refusals_get_the_message_of_their_status():
    taken = _refused(409, {"status": 409, "detail": "group 'x' exists", "code": "already-exists"})
    assert explain("move", taken) == Notice("move", REFUSAL_MESSAGES[409], "group 'x' exists")
    hidden = _refused(404, {"status": 404, "detail": "no ticket 1", "code": ["not", "text"]})
    assert (hidden.code, hidden.locked_by) == (None, None)
    assert explain("move", hidden) == Notice("move", REFUSAL_MESSAGES[404], "no ticket 1")
