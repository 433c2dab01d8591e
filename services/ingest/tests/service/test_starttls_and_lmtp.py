"""STARTTLS with a configured certificate, and the LMTP listener (one recipient per transaction)."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from pathlib import Path

import aiosmtplib

from services.ingest.tests.service.certificates import self_signed
from services.ingest.tests.service.conftest import RunningIngest, listening, start_ingest
from tests.support import free_port, wait_until

RAW = b"From: anna@example.org\r\nTo: info@neudorf.example\r\nSubject: Vertraulich\r\n\r\nKontonummer anbei.\r\n"


async def test_starttls_is_offered_with_a_certificate_and_mail_flows_encrypted(pg_url: str, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    runtime, ingest = await start_ingest(pg_url, smtp_tls_cert=cert, smtp_tls_key=key)
    try:
        client_context = ssl.create_default_context(cafile=str(cert))
        smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port, start_tls=False)
        await smtp.connect()
        await smtp.ehlo()
        assert smtp.supports_extension("starttls")
        await smtp.starttls(tls_context=client_context)
        assert smtp.transport is not None and smtp.transport.get_extra_info("ssl_object") is not None
        await smtp.sendmail("anna@example.org", ["info@neudorf.example"], RAW)
        await smtp.quit()
        ((_, event),) = await ingest.wait_for_events(1)
        assert event.subject == "Vertraulich"
    finally:
        await runtime.stop()


async def test_without_a_certificate_starttls_is_not_offered(pg_url: str) -> None:
    runtime, ingest = await start_ingest(pg_url)
    try:
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port, start_tls=False) as smtp:
            await smtp.ehlo()
            assert not smtp.supports_extension("starttls")
    finally:
        await runtime.stop()


async def _all_done(ingest: RunningIngest) -> bool:
    rows = await ingest.raw_rows()
    return len(rows) == 2 and all(r.status != "stored" for r in rows)


def lmtp_send(port: int, recipients: list[str]) -> dict[str, tuple[int, bytes]]:
    with smtplib.LMTP("127.0.0.1", port) as lmtp:
        return lmtp.sendmail("anna@example.org", recipients, RAW)


async def test_lmtp_takes_one_recipient_per_transaction(pg_url: str) -> None:
    lmtp_port = free_port()
    runtime, ingest = await start_ingest(pg_url, lmtp_port=lmtp_port)
    try:
        await wait_until(lambda: listening(lmtp_port))
        refused = await asyncio.to_thread(lmtp_send, lmtp_port, ["info@neudorf.example", "kasse@neudorf.example"])
        assert list(refused) == ["kasse@neudorf.example"] and refused["kasse@neudorf.example"][0] == 452
        assert await asyncio.to_thread(lmtp_send, lmtp_port, ["kasse@neudorf.example"]) == {}
        ((_, event),) = await ingest.wait_for_events(1)
        assert event.envelope_to == ["info@neudorf.example"]
        await wait_until(lambda: _all_done(ingest))
        first, second = await ingest.raw_rows()
        # The same bytes for a second recipient are one message: kept, and not announced twice.
        assert (first.source, first.envelope_to, first.status) == ("lmtp", ["info@neudorf.example"], "parsed")
        assert (second.envelope_to, second.status, second.duplicate_of) == (
            ["kasse@neudorf.example"],
            "duplicate",
            first.id,
        )
    finally:
        await runtime.stop()
