"""The corpus over real SMTP: every message becomes an event (or a recorded refusal) within 10 s,
the service stays up, and nothing a message carries can execute where it is shown."""

from __future__ import annotations

import asyncio
import html
import re
import time
import uuid
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import aiosmtplib
import httpx
import pytest
from sqlalchemy import select

from services.ingest.adapters.orm import outbox, raw_messages
from services.ingest.tests.corpus import corpus
from services.ingest.tests.corpus.hostile import CANARY
from services.ingest.tests.corpus.sample import Outcome, Sample
from services.ingest.tests.service.conftest import RunningIngest, start_ingest
from shared.contracts import parse
from shared.contracts.ingest import MessageReceivedV1
from shared.envelope import Envelope
from tests.support import wait_until

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "meta", "base", "style", "svg", "math", "link"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "srcset"}
DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data:text|data:image/svg)", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            cleaned = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value or ""))
            if name in URL_ATTRIBUTES and DANGEROUS_URL.match(cleaned):
                self.problems.append(f"{tag} {name}={value}")
            if name == "src" and tag == "img" and cleaned.lower().startswith(("http:", "https:", "//")):
                self.problems.append(f"remote image {value}")


def unsafe_html(markup: str) -> list[str]:
    audit = _Audit()
    audit.feed(markup)
    return audit.problems


@pytest.fixture
async def ingest(pg_url: str) -> AsyncIterator[RunningIngest]:
    runtime, running = await start_ingest(pg_url)  # the default 25 MiB size limit
    try:
        yield running
    finally:
        await runtime.stop()


async def finished(ingest: RunningIngest, raw_id: uuid.UUID):  # type: ignore[no-untyped-def]
    async with ingest.service.database.sessions() as session:
        row = (await session.execute(select(raw_messages).where(raw_messages.c.id == raw_id))).first()
    return row if row is not None and row.status != "stored" else None


async def event_of(ingest: RunningIngest, event_id: uuid.UUID) -> MessageReceivedV1:
    async with ingest.service.database.sessions() as session:
        payload = (await session.execute(select(outbox.c.payload).where(outbox.c.event_id == event_id))).scalar_one()
    contract = parse(Envelope.from_json(payload))
    assert isinstance(contract, MessageReceivedV1)
    return contract


async def send(ingest: RunningIngest, raw: bytes) -> str:
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=ingest.settings.smtp_port, timeout=60) as smtp:
        _, reply = await smtp.sendmail("sender@example.org", ["info@neudorf.example"], raw)
    return reply


def check_event(sample: Sample, event: MessageReceivedV1) -> list[str]:
    """What is wrong with the event for this sample (empty: nothing)."""
    wrong = []
    if sample.subject is not None and event.subject != sample.subject:
        wrong.append(f"subject {event.subject!r}")
    if sample.text is not None and sample.text not in event.text_body:
        wrong.append(f"text {event.text_body[:200]!r}")
    names = tuple(a.filename for a in event.attachments)
    if sample.attachment_names and names != sample.attachment_names:
        wrong.append(f"attachments {names}")
    for flag in sample.flags:
        if not getattr(event, flag):
            wrong.append(f"{flag} not set")
    if event.html_body:
        wrong += unsafe_html(event.html_body)
    for name, value in [("subject", event.subject), ("from_name", event.from_name or "")] + [
        (h.name, h.value) for h in event.headers
    ]:
        if "\r" in value or "\n" in value:
            wrong.append(f"line break in {name}")
    for attachment in event.attachments:
        if CONTROL.search(attachment.filename) or any(c in attachment.filename for c in '/\\<>"'):
            wrong.append(f"unsafe file name {attachment.filename!r}")
    return wrong


async def test_every_corpus_message_becomes_an_event_or_a_refusal_within_10_s(ingest: RunningIngest) -> None:
    await asyncio.to_thread(Path(CANARY).unlink, missing_ok=True)
    samples = corpus()
    assert len(samples) >= 100
    problems: dict[str, list[str]] = {}
    slowest = 0.0
    for sample in samples:
        started = time.monotonic()
        if sample.outcome is Outcome.REFUSED:
            with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
                await send(ingest, sample.raw)
            assert refused.value.code == 552, sample.name
            continue
        reply = await send(ingest, sample.raw)
        raw_id = uuid.UUID(reply.rsplit(" ", 1)[-1])
        row = await wait_until(lambda raw_id=raw_id: finished(ingest, raw_id), within=10)
        slowest = max(slowest, time.monotonic() - started)
        if row.status != sample.outcome.value:
            problems[sample.name] = [f"status {row.status} ({row.parse_problems})"]
            continue
        wrong = check_event(sample, await event_of(ingest, row.event_id))
        if wrong:
            problems[sample.name] = wrong
    assert problems == {}
    assert not await asyncio.to_thread(Path(CANARY).exists)
    print(f"{len(samples)} messages, slowest {slowest:.2f} s from DATA to announced")

    transport = httpx.ASGITransport(app=ingest.service.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as http:
        ready = await http.get("/readyz")
    assert ready.status_code == 200, ready.text
    reply = await send(ingest, b"From: a@example.org\r\nSubject: danach\r\n\r\nnoch da?\r\n")
    row = await wait_until(lambda: finished(ingest, uuid.UUID(reply.rsplit(" ", 1)[-1])), within=10)
    assert row.status == "parsed"
