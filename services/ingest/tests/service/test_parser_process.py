"""The parser child: bounded in time and memory, replaced when it fails, and the next message still flows."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator

import pytest

from services.ingest.adapters.parser import ParserProcess
from services.ingest.domain.parsing import ORIGINAL_FILENAME

SMALL = b"From: anna@example.org\r\nSubject: Danach\r\nMessage-ID: <after@example.org>\r\n\r\nHallo\r\n"


def slow_mail() -> bytes:
    """Within the limits, but a few tenths of a second of parsing."""
    part = b"--b\r\nContent-Type: text/plain\r\nX-A: 1\r\nX-B: 2\r\nX-C: 3\r\nX-D: 4\r\n\r\nx\r\n"
    return (
        b"From: a@example.org\r\nSubject: langsam\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + (part * 990)
        + b"--b--\r\n"
    )


@pytest.fixture
async def parser() -> AsyncIterator[ParserProcess]:
    process = ParserProcess()
    yield process
    await process.close()


async def test_parsing_that_takes_too_long_is_quarantined_and_the_next_message_flows(parser: ParserProcess) -> None:
    parser.timeout = 0.02
    slow = await parser.parse(slow_mail(), "a@example.org")
    assert slow.quarantined and slow.problems == ["quarantined: parsing took longer than 0.02 s"]
    assert slow.subject == "langsam" and slow.attachments[0].filename == ORIGINAL_FILENAME
    parser.timeout = 30
    after = await parser.parse(SMALL, "anna@example.org")
    assert (after.subject, after.quarantined, after.problems) == ("Danach", False, [])


async def test_a_message_that_exhausts_the_memory_limit_is_quarantined(parser: ParserProcess) -> None:
    parser.memory_limit = 150 << 20
    attachment = base64.encodebytes(b"\x00" * (40 << 20))
    raw = (
        b"From: a@example.org\r\nSubject: gross\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + attachment
        + b"\r\n--b--\r\n"
    )
    big = await parser.parse(raw, "a@example.org")
    assert big.quarantined and big.problems[0].startswith("quarantined: ")
    assert "MemoryError" in big.problems[0] or "died" in big.problems[0]
    assert big.subject == "gross" and big.attachments[0].content == raw
    after = await parser.parse(SMALL, "anna@example.org")
    assert (after.subject, after.quarantined) == ("Danach", False)


async def test_a_dead_child_is_replaced(parser: ParserProcess) -> None:
    first = await parser.parse(SMALL, "anna@example.org")
    assert parser._process is not None
    parser._process.kill()
    parser._process.join(5)
    second = await parser.parse(SMALL, "anna@example.org")
    assert first == second
