"""Versioned event contracts shared by all services.

Each contract is a frozen pydantic model with class attributes ``TYPE`` and
``VERSION``. Within one version a contract only gains optional fields; a breaking
change is a new class (``…V2``) registered beside the old one.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from shared.envelope import Envelope


class Contract(BaseModel):
    """Base of every event payload."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    TYPE: ClassVar[str]
    VERSION: ClassVar[int]


C = TypeVar("C", bound=Contract)

REGISTRY: dict[tuple[str, int], type[Contract]] = {}


def register(contract: type[C]) -> type[C]:
    """Class decorator: make a contract known to :func:`parse`."""
    REGISTRY[(contract.TYPE, contract.VERSION)] = contract
    return contract


class UnknownEventVersion(ValueError):
    """An event whose type/version no registered contract describes."""


def parse(envelope: Envelope) -> Contract:
    """Validate the envelope's data against the registered contract."""
    contract = REGISTRY.get((envelope.type, envelope.version))
    if contract is None:
        raise UnknownEventVersion(f"no contract for {envelope.type} v{envelope.version}")
    return contract.model_validate(envelope.data)


def new_event(
    payload: Contract,
    *,
    source: str,
    correlation_id: uuid.UUID | None = None,
    causation: Envelope | None = None,
    key: str | None = None,
    sequence: int | None = None,
) -> Envelope:
    """Wrap a payload in an envelope; causation links it to the event that caused it."""
    if causation is not None:
        correlation_id = correlation_id or causation.correlation_id
    event_id = uuid.uuid4()
    data: dict[str, Any] = payload.model_dump(mode="json")
    return Envelope(
        id=event_id,
        type=payload.TYPE,
        version=payload.VERSION,
        source=source,
        correlation_id=correlation_id or event_id,
        causation_id=causation.id if causation else None,
        key=key,
        sequence=sequence,
        data=data,
    )


# Import the contract modules so that registration happens on ``import shared.contracts``.
from shared.contracts import ingest, notify, tickets  # noqa: E402

__all__ = [
    "REGISTRY",
    "Contract",
    "UnknownEventVersion",
    "ingest",
    "new_event",
    "notify",
    "parse",
    "register",
    "tickets",
]
