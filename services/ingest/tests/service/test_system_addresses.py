"""Unknown recipients are refused at RCPT once tickets has announced its system addresses
(``directory.system_addresses.changed`` on the bus), over SMTP and LMTP on real sockets."""

from __future__ import annotations

import asyncio
import smtplib
from datetime import UTC, datetime, timedelta

import aiosmtplib
import pytest

from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.system_addresses import take_snapshot
from services.ingest.tests.service.conftest import listening, migrated, start_ingest
from shared.contracts import new_event
from shared.contracts.tickets import SystemAddressesChangedV1
from tests.support import free_port, wait_until

RAW = b"From: anna@example.org\r\nTo: info@neudorf.example\r\nSubject: Training\r\n\r\nWann ist Training?\r\n"
NOW = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)


def snapshot(addresses: list[str], as_of: datetime = NOW) -> SystemAddressesChangedV1:
    return SystemAddressesChangedV1(addresses=addresses, as_of=as_of)


async def test_a_later_snapshot_replaces_an_earlier_one_and_an_older_one_is_dropped(any_db_url: str) -> None:
    database = await migrated(any_db_url)
    try:
        async with SqlIngestUnitOfWork(database) as uow:
            assert await uow.system_addresses.snapshot() is None
        assert await take_snapshot(snapshot(["Info@Neudorf.example"]), SqlIngestUnitOfWork(database))
        assert await take_snapshot(
            snapshot(["kasse@neudorf.example"], NOW + timedelta(1)), SqlIngestUnitOfWork(database)
        )
        assert not await take_snapshot(snapshot(["alt@neudorf.example"]), SqlIngestUnitOfWork(database))
        assert not await take_snapshot(
            snapshot(["again@neudorf.example"], NOW + timedelta(1)), SqlIngestUnitOfWork(database)
        )
        async with SqlIngestUnitOfWork(database) as uow:
            kept = await uow.system_addresses.snapshot()
        assert kept is not None and (kept.addresses, kept.as_of) == (["kasse@neudorf.example"], NOW + timedelta(1))
    finally:
        await database.dispose()


def lmtp_refusals(port: int, recipient: str) -> dict[str, int]:
    """Send over LMTP (blocking, so from a thread); the refused recipients and their codes."""
    with smtplib.LMTP("127.0.0.1", port) as lmtp:
        try:
            lmtp.sendmail("anna@example.org", [recipient], RAW)
        except smtplib.SMTPRecipientsRefused as refused:
            return {address: code for address, (code, _) in refused.recipients.items()}
    return {}


def _refused_code(error: aiosmtplib.SMTPRecipientsRefused) -> int:
    return error.recipients[0].code


async def test_smtp_refuses_unknown_recipients_at_rcpt_once_the_addresses_are_known(pg_url: str) -> None:
    lmtp_port = free_port()
    runtime, ingest = await start_ingest(pg_url, lmtp_port=lmtp_port)
    port = ingest.settings.smtp_port
    try:
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as client:
            # No snapshot yet (a fresh install): nothing is refused, no mail is lost.
            await client.sendmail("anna@example.org", ["niemand@neudorf.example"], RAW)

            await runtime.bus.publish(
                new_event(snapshot(["info@neudorf.example", "kasse@neudorf.example"]), source="tickets")
            )
            with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
                await client.sendmail("anna@example.org", ["niemand@neudorf.example"], RAW)
            assert _refused_code(refused.value) == 550
            assert "5.1.1" in refused.value.recipients[0].message

            errors, _ = await client.sendmail("anna@example.org", ["INFO@neudorf.example", "weg@neudorf.example"], RAW)
            assert list(errors) == ["weg@neudorf.example"] and errors["weg@neudorf.example"].code == 550
            errors, _ = await client.sendmail("anna@example.org", ["postmaster@neudorf.example"], RAW)
            assert errors == {}

        await wait_until(lambda: listening(lmtp_port))
        refused_lmtp = await asyncio.to_thread(lmtp_refusals, lmtp_port, "niemand@neudorf.example")
        assert refused_lmtp == {"niemand@neudorf.example": 550}
        assert await asyncio.to_thread(lmtp_refusals, lmtp_port, "kasse@neudorf.example") == {}

        await ingest.wait_for_events(1)
        stored = sorted((row.source, row.envelope_to) for row in await ingest.raw_rows())
        assert stored == [
            ("lmtp", ["kasse@neudorf.example"]),
            ("smtp", ["INFO@neudorf.example"]),
            ("smtp", ["niemand@neudorf.example"]),
            ("smtp", ["postmaster@neudorf.example"]),
        ]
    finally:
        await runtime.stop()


async def test_with_the_setting_off_every_recipient_is_accepted(pg_url: str) -> None:
    runtime, ingest = await start_ingest(pg_url, smtp_refuse_unknown_recipients=False)
    try:
        await runtime.bus.publish(new_event(snapshot(["info@neudorf.example"]), source="tickets"))
        async with SqlIngestUnitOfWork(ingest.service.database) as uow:
            assert await uow.system_addresses.snapshot() is not None
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port) as client:
            errors, _ = await client.sendmail("anna@example.org", ["niemand@neudorf.example"], RAW)
        assert errors == {}
    finally:
        await runtime.stop()
