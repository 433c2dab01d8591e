"""Versioned event contracts shared by all services.

Each contract is a frozen pydantic model with class attributes ``TYPE`` and
``VERSION``. Within one version a contract only gains optional fields; a breaking
change is a new class (``…V2``) registered beside the old one.

Event names (``TYPE``, also the routing key) follow one scheme,
``<domain>.<subject>.<what happened>``, lower case, singular, past tense:

- ``<domain>`` is the part of the system that decided it, as a singular noun: a service
  (``ingest``, ``notify``) or, inside the tickets service, its package: ``ticket`` (ticket
  handling), ``directory`` (queues, addresses, agents), ``identity`` (accounts, login);
- ``<subject>`` is what the event is about (``message``, ``mail``, ``article``,
  ``system_addresses``); events about a ticket itself leave it out (``ticket.created``);
- ``<what happened>`` is a past participle (``received``, ``added``, ``requested``).

Renaming an event is a compatible step, so a rolling upgrade loses nothing: the contract
takes its new ``TYPE`` and lists the old one in ``FORMER_TYPES``. Consumers then accept,
and bind their queues to, both names (events still in an outbox or a queue under the old
name are handled); producers emit the new name. Upgrade the consumers of a renamed event
before its producer; a later release drops the former name once no old event can remain.
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
    FORMER_TYPES: ClassVar[tuple[str, ...]] = ()
    """Names this contract was published under before a rename; still accepted."""

    @classmethod
    def types(cls) -> tuple[str, ...]:
        """Every name the contract is accepted under: ``TYPE`` first, then its former names."""
        return (cls.TYPE, *cls.FORMER_TYPES)


C = TypeVar("C", bound=Contract)

REGISTRY: dict[tuple[str, int], type[Contract]] = {}


def register(contract: type[C]) -> type[C]:
    """Class decorator: make a contract known to :func:`parse`, under its name and its former names."""
    for event_type in contract.types():
        REGISTRY[(event_type, contract.VERSION)] = contract
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
