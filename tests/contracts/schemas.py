"""The JSON Schemas that are snapshotted: one per registered contract, plus the envelope."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from shared.contracts import REGISTRY
from shared.envelope import Envelope

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_VARIABLE = "UMLAUF_UPDATE_SNAPSHOTS"


def current_schemas() -> dict[str, type[BaseModel]]:
    """File name -> model, for every registered contract and the envelope."""
    models: dict[str, type[BaseModel]] = {"envelope.json": Envelope}
    for (event_type, version), contract in REGISTRY.items():
        models[f"{event_type}.v{version}.json"] = contract
    return models


def render(model: type[BaseModel]) -> str:
    """The schema as stored: what a consumer validates against, stable key order."""
    schema = model.model_json_schema(mode="validation")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
