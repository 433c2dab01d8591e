"""Event names follow one scheme, and a renamed event is still accepted under its former name."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from shared.contracts import REGISTRY, new_event, parse
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.envelope import Envelope
from shared.handlers import EventHandlers

SCHEME = re.compile(r"^(ingest|ticket|directory|identity|notify)(\.[a-z_]+)?\.[a-z]+$")


def test_every_current_event_name_follows_the_scheme() -> None:
    current = {contract.TYPE for contract in REGISTRY.values()}
    assert current and all(SCHEME.match(name) for name in current), sorted(current)
    assert not [name for name in current if name.startswith("tickets.")]


def test_only_events_about_tickets_match_a_binding_to_ticket_events() -> None:
    """An account's mail (a password reset link) never reaches a queue bound to ``ticket.#``."""
    about_tickets = sorted(c.TYPE for c in REGISTRY.values() if c.TYPE.startswith("ticket."))
    assert about_tickets == [
        "ticket.article.added",
        "ticket.created",
        "ticket.merged",
        "ticket.moved",
        "ticket.reminder.reached",
        "ticket.updated",
    ]


def test_former_names_are_registered_for_the_same_contract_and_version() -> None:
    renamed = {contract for contract in REGISTRY.values() if contract.FORMER_TYPES}
    assert {c.TYPE for c in renamed} == {"identity.mail.requested", "directory.system_addresses.changed"}
    for contract in renamed:
        for former in contract.FORMER_TYPES:
            assert REGISTRY[(former, contract.VERSION)] is contract
            assert not SCHEME.match(former)


async def test_a_consumer_binds_and_handles_both_names_of_a_renamed_event() -> None:
    seen: list[tuple[list[str], str]] = []

    async def on_addresses(event: SystemAddressesChangedV1, envelope: Envelope) -> None:
        seen.append((event.addresses, envelope.type))

    handlers = EventHandlers({SystemAddressesChangedV1: on_addresses})
    snapshot = SystemAddressesChangedV1(addresses=["info@neudorf.example"], as_of=datetime.now(UTC))
    current = new_event(snapshot, source="tickets")
    before_the_rename = current.model_copy(update={"type": "tickets.system_addresses.changed"})

    assert set(handlers.routes()) == {"directory.system_addresses.changed", "tickets.system_addresses.changed"}
    assert current.type == "directory.system_addresses.changed"
    await handlers.handle(before_the_rename)
    await handlers.handle(current)

    assert seen == [
        (["info@neudorf.example"], "tickets.system_addresses.changed"),
        (["info@neudorf.example"], "directory.system_addresses.changed"),
    ]
    assert parse(before_the_rename) == parse(current)
