"""Ingest built by ``bootstrap`` on the in-memory unit of work, the parser run in-process.

Storing raw mail, dedup, claiming and announcing, quarantine, filters, the
system-address snapshot and the RCPT check, and the admin commands.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from services.ingest.app.accounts import create_account
from services.ingest.app.commands import StoreRaw
from services.ingest.app.filters import create_filter
from services.ingest.app.handlers import claim_next, store_raw
from services.ingest.app.retention import prune_raw_mail
from services.ingest.bootstrap import Ingest, bootstrap
from services.ingest.domain.accounts import InvalidAccount
from services.ingest.domain.filters import FilterNameTaken
from services.ingest.domain.model import ParsedMessage, RawStatus
from services.ingest.domain.parsing import parse_message
from services.ingest.tests.unit.fakes import FakeIngestUnitOfWork, FakeRawMessages, IngestState, fake_store
from shared.contracts import new_event
from shared.contracts.tickets import SystemAddressesChangedV1
from shared.tests.fake_unit_of_work import FakeStore

NOW = datetime(2026, 11, 28, 10, tzinfo=UTC)
RECEIVED = "ingest.message.received"


async def parse(raw: bytes, envelope_from: str | None) -> ParsedMessage:
    return parse_message(raw, envelope_from)


def mail(message_id: str = "<spende@example.org>", hop: str = "mx1", subject: str = "Basketballkorb") -> bytes:
    message = EmailMessage()
    message["Received"] = f"from {hop}.example.org"
    message["From"] = "Anna Spender <anna@example.org>"
    message["To"] = "info@neudorf.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content("Ich möchte einen Basketballkorb spenden.")
    return message.as_bytes()


@pytest.fixture
def store() -> FakeStore[IngestState]:
    return fake_store()


def build(store: FakeStore[IngestState], **options: object) -> Ingest:
    return bootstrap(lambda: FakeIngestUnitOfWork(store), parse, max_message_size=1 << 20, **options)  # type: ignore[arg-type]


@pytest.fixture
def ingest(store) -> Ingest:
    return build(store)


def statuses(store: FakeStore[IngestState]) -> list[str]:
    rows = sorted(store.state.raw.values(), key=lambda row: row["received_at"])
    return [str(row["status"]) for row in rows]


async def test_the_intake_commits_the_raw_bytes_and_wakes_the_worker(store) -> None:
    ingest = build(store, smtp_trusted=True)
    stored = await ingest.intake("smtp")(mail(), "anna@example.org", ["info@neudorf.example"])
    row = store.state.raw[stored]
    assert (row["source"], row["envelope_to"], row["trusted"], row["status"]) == (
        "smtp",
        ["info@neudorf.example"],
        True,
        RawStatus.STORED,
    )
    assert store.commits == 1 and store.outbox == []  # stored before 250, announced later
    assert ingest.worker._wake.is_set()


async def test_bytes_fetched_again_are_stored_once(store) -> None:
    command = StoreRaw(mail(), "imap", unless_known=True, account_id=3)
    first = await store_raw(command, FakeIngestUnitOfWork(store))
    assert first is not None
    assert await store_raw(command, FakeIngestUnitOfWork(store)) is None
    assert list(store.state.raw) == [first]


async def test_the_worker_claims_parses_and_announces_once(store, ingest) -> None:
    stored = await ingest.intake("smtp")(mail(), "anna@example.org", ["info@neudorf.example"])
    assert await ingest.worker.run_once() is True
    assert await ingest.worker.run_once() is False
    [event] = store.published(RECEIVED)
    assert event.data["raw_message_id"] == str(stored)
    assert (event.data["subject"], event.data["from_address"]) == ("Basketballkorb", "anna@example.org")
    row = store.state.raw[stored]
    assert (row["status"], row["attempts"], row["event_id"]) == (RawStatus.PARSED, 1, event.id)


async def test_a_second_copy_of_a_message_is_kept_as_a_duplicate_and_not_announced(store, ingest) -> None:
    first = await ingest.intake("smtp")(mail(hop="mx1"), "anna@example.org", ["info@neudorf.example"])
    second = await ingest.intake("smtp")(mail(hop="mx2"), "anna@example.org", ["info@neudorf.example"])
    while await ingest.worker.run_once():
        pass
    assert len(store.published(RECEIVED)) == 1
    assert store.state.raw[second]["status"] == RawStatus.DUPLICATE
    assert store.state.raw[second]["duplicate_of"] == first


async def test_a_copy_announced_meanwhile_makes_this_one_a_duplicate(store, ingest) -> None:
    """The race the unique dedup key decides: the first check saw no copy, the update finds one."""
    first = await ingest.intake("smtp")(mail(hop="mx1"), None, ["info@neudorf.example"])
    await ingest.worker.run_once()
    second = await ingest.intake("smtp")(mail(hop="mx2"), None, ["info@neudorf.example"])
    blind = FakeRawMessages.first_copy

    async def first_look_misses(self: FakeRawMessages, dedup_key: str) -> object:
        FakeRawMessages.first_copy = blind  # type: ignore[method-assign]
        return None

    FakeRawMessages.first_copy = first_look_misses  # type: ignore[method-assign]
    try:
        assert await ingest.worker.run_once() is True
    finally:
        FakeRawMessages.first_copy = blind  # type: ignore[method-assign]
    assert store.state.raw[second]["status"] == RawStatus.DUPLICATE
    assert store.state.raw[second]["duplicate_of"] == first
    assert len(store.published(RECEIVED)) == 1


async def test_a_message_that_kept_killing_the_parser_is_quarantined_and_announced(store) -> None:
    async def never(raw: bytes, envelope_from: str | None) -> ParsedMessage:
        raise AssertionError("a quarantined message is not parsed again")

    ingest = bootstrap(lambda: FakeIngestUnitOfWork(store), never, max_message_size=1 << 20)
    stored = await ingest.intake("smtp")(mail(), "anna@example.org", ["info@neudorf.example"])
    for _ in range(3):  # three workers claimed it and died while parsing
        assert await claim_next(timedelta(seconds=0), FakeIngestUnitOfWork(store)) is not None
    assert await ingest.worker.run_once() is True
    row = store.state.raw[stored]
    assert row["status"] == RawStatus.QUARANTINED
    assert row["parse_problems"] == ["quarantined: parsing did not finish in 3 attempts"]
    [event] = store.published(RECEIVED)
    assert event.data["parse_problems"] == row["parse_problems"]


async def test_a_leased_message_is_not_claimed_by_a_second_worker(store, ingest) -> None:
    await ingest.intake("smtp")(mail(), None, ["info@neudorf.example"])
    assert await claim_next(timedelta(minutes=5), FakeIngestUnitOfWork(store)) is not None
    assert await claim_next(timedelta(minutes=5), FakeIngestUnitOfWork(store)) is None


async def test_a_postmaster_filter_routes_and_one_that_ignores_keeps_the_message_unannounced(store, ingest) -> None:
    spende = {
        "name": "Spenden",
        "matches": [{"field": "Subject", "pattern": "korb"}],
        "actions": {"queue": "Materialwart", "tags": ["spende"]},
        "position": 1,
    }
    werbung = {"name": "Werbung", "matches": [{"field": "Subject", "pattern": "angebot"}], "actions": {"ignore": True}}
    await create_filter(spende, FakeIngestUnitOfWork(store))
    await create_filter(werbung, FakeIngestUnitOfWork(store))
    with pytest.raises(FilterNameTaken):
        await create_filter(werbung, FakeIngestUnitOfWork(store))

    await ingest.intake("smtp")(mail("<a@example.org>"), None, ["info@neudorf.example"])
    ignored = await ingest.intake("smtp")(mail("<b@example.org>", subject="Ihr Angebot"), None, ["x@neudorf.example"])
    while await ingest.worker.run_once():
        pass
    [event] = store.published(RECEIVED)
    assert (event.data["routing"]["queue"], event.data["routing"]["tags"]) == ("Materialwart", ["spende"])
    assert [d["rule"] for d in event.data["decisions"]] == ["filter", "filter"]
    assert store.state.raw[ignored]["status"] == RawStatus.IGNORED


def addresses(names: list[str], as_of: datetime):  # type: ignore[no-untyped-def]
    return new_event(SystemAddressesChangedV1(addresses=names, as_of=as_of), source="tickets")


async def test_the_system_address_snapshot_keeps_the_latest_and_drives_the_rcpt_check(store) -> None:
    ingest = build(store, refuse_unknown_recipients=True, return_paths=["umlauf@bounces.example"])
    assert await ingest.accept_recipient("anyone@elsewhere.example")  # no snapshot yet: accept all

    await ingest.handlers.handle(addresses(["Info@Neudorf.example"], NOW))
    await ingest.handlers.handle(addresses(["alt@neudorf.example"], NOW - timedelta(days=1)))  # older: dropped
    await ingest.handlers.handle(addresses(["Info@Neudorf.example"], NOW))  # a redelivery: nothing changes
    assert store.state.system_addresses is not None
    assert (store.state.system_addresses.addresses, store.state.system_addresses.as_of) == (
        ["info@neudorf.example"],
        NOW,
    )
    assert await ingest.accept_recipient("<INFO@neudorf.example>")
    assert await ingest.accept_recipient("postmaster@neudorf.example")
    assert await ingest.accept_recipient("umlauf@bounces.example")
    assert not await ingest.accept_recipient("alt@neudorf.example")


async def test_a_pop3_account_that_would_keep_mail_is_refused_and_nothing_is_stored(store) -> None:
    values = {
        "name": "Vorstand",
        "protocol": "pop3",
        "host": "mail.neudorf.example",
        "port": 995,
        "security": "tls",
        "username": "vorstand",
        "password": "geheim",
        "after_fetch": "mark_seen",
    }
    with pytest.raises(InvalidAccount):
        await create_account(values, FakeIngestUnitOfWork(store))
    account_id = await create_account({**values, "after_fetch": "delete"}, FakeIngestUnitOfWork(store))
    async with FakeIngestUnitOfWork(store) as uow:
        account = await uow.accounts.get(account_id)
    assert (account.name, account.protocol, account.after_fetch) == ("Vorstand", "pop3", "delete")
    assert list(store.state.accounts) == [account_id]


async def test_retention_deletes_old_parsed_mail_and_keeps_young_stored_and_quarantined(store, ingest) -> None:
    parsed = await ingest.intake("smtp")(mail(), None, ["info@neudorf.example"])
    assert await ingest.worker.run_once() is True
    waiting = await ingest.intake("smtp")(mail(message_id="<neu@example.org>"), None, ["info@neudorf.example"])
    quarantined = await ingest.intake("smtp")(mail(message_id="<q@example.org>"), None, ["info@neudorf.example"])
    store.state.raw[quarantined].update(status=RawStatus.QUARANTINED, parsed_at=datetime(2020, 1, 1, tzinfo=UTC))
    prune = prune_raw_mail(lambda: FakeIngestUnitOfWork(store), days=30)
    parsed_at = store.state.raw[parsed]["parsed_at"]
    assert await prune(parsed_at + timedelta(days=29), 100) == 0  # young: kept
    assert await prune(parsed_at + timedelta(days=31), 100) == 1
    assert set(store.state.raw) == {waiting, quarantined}
    assert await prune_raw_mail(lambda: FakeIngestUnitOfWork(store), days=0)(parsed_at + timedelta(days=999), 100) == 0
