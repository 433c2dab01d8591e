"""A 409's problem members, and the documented codes kept in step with the domain's conflicts."""

from __future__ import annotations

from typing import get_args

from services.tickets import errors
from services.tickets.problems import ConflictCode, members_of, status_of


def _kinds(cls: type[errors.Conflict]) -> list[type[errors.Conflict]]:
    return [cls, *(k for sub in cls.__subclasses__() for k in _kinds(sub))]


def test_every_kind_of_conflict_has_its_own_documented_code():
    codes = [kind.code for kind in _kinds(errors.Conflict)]
    assert len(codes) == len(set(codes)) >= 5
    assert set(codes) == set(get_args(ConflictCode))


def test_members_of_a_lock_name_its_holder_and_other_errors_have_none():
    locked = errors.LockedByOther("ticket 1 is locked by presse", holder="presse")
    assert status_of(locked) == 409
    assert members_of(locked) == {
        "type": "urn:umlauf:problem:locked-by-other",
        "code": "locked-by-other",
        "locked_by": "presse",
    }
    assert members_of(errors.StaleVersion("ticket 1 is at version 3, not 2")) == {
        "type": "urn:umlauf:problem:stale-version",
        "code": "stale-version",
    }
    assert members_of(errors.NotFound("no ticket 1")) == {} and status_of(errors.NotFound("x")) == 404
