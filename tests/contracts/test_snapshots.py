"""A contract's JSON Schema changes only on purpose.

Regenerate deliberately with ``UMLAUF_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest
tests/contracts`` and commit the snapshot with the contract. Within one version a
contract may only gain optional fields; anything else is a new version (``…V2``).
"""

from __future__ import annotations

import os

import pytest

from tests.contracts.schemas import SNAPSHOTS, UPDATE_VARIABLE, current_schemas, render

HOW = (
    f"If the change is deliberate (only optional fields added within a version; otherwise a new "
    f"version), regenerate with {UPDATE_VARIABLE}=1 .venv/bin/python -m pytest tests/contracts "
    f"and commit the snapshot together with the contract."
)
UPDATING = os.environ.get(UPDATE_VARIABLE) == "1"


@pytest.mark.parametrize("name", sorted(current_schemas()))
def test_schema_matches_its_snapshot(name: str) -> None:
    rendered = render(current_schemas()[name])
    path = SNAPSHOTS / name
    if UPDATING:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no snapshot for {name}. {HOW}"
    assert path.read_text(encoding="utf-8") == rendered, f"the schema of {name} differs from its snapshot. {HOW}"


def test_every_snapshot_belongs_to_a_registered_contract() -> None:
    stale = sorted({p.name for p in SNAPSHOTS.glob("*.json")} - set(current_schemas()))
    if UPDATING:
        for name in stale:
            (SNAPSHOTS / name).unlink()
        return
    assert not stale, f"snapshots without a registered contract (a removed contract breaks consumers): {stale}. {HOW}"
