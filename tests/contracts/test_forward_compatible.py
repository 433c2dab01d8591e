"""A V1 consumer keeps working when a producer already sends fields it does not know."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from shared.contracts import REGISTRY, parse
from shared.contracts.tickets import TicketCreatedV1
from shared.envelope import Envelope
from tests.contracts.schemas import current_schemas, render


def _ticket_created() -> dict:  # type: ignore[type-arg]
    return {
        "ticket_id": 7,
        "ticket_version": 1,
        "number": "2026112810000011",
        "title": "Spende: Basketballkorb",
        "queue_id": 1,
        "queue": "Allgemein",
        "created_at": datetime(2026, 11, 28, 10, 0, tzinfo=UTC).isoformat(),
    }


def test_v1_consumer_ignores_unknown_fields_in_data_and_envelope() -> None:
    data = {**_ticket_created(), "escalation_at": "2026-11-29T10:00:00Z", "nested": {"new": True}}
    raw = json.dumps(
        {
            "id": str(uuid.uuid4()),
            "type": "ticket.created",
            "version": 1,
            "occurred_at": "2026-11-28T10:00:00+00:00",
            "source": "tickets",
            "correlation_id": str(uuid.uuid4()),
            "data": data,
            "tenant": "a field of a future envelope",
        }
    )
    contract = parse(Envelope.from_json(raw))
    assert isinstance(contract, TicketCreatedV1)
    assert contract == TicketCreatedV1.model_validate(_ticket_created())
    assert not hasattr(contract, "escalation_at")


@pytest.mark.parametrize("name", sorted(current_schemas()))
def test_no_contract_forbids_extra_fields_anywhere(name: str) -> None:
    # pydantic writes "additionalProperties": false for a model (or nested model) with extra="forbid"
    assert '"additionalProperties": false' not in render(current_schemas()[name])


def test_registry_keys_match_the_contracts() -> None:
    assert all(t in contract.types() and contract.VERSION == v for (t, v), contract in REGISTRY.items())
