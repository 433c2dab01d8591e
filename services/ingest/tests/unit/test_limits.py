"""Messages too complex to parse safely are quarantined, cheaply, with a glimpse of who sent them."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.ingest.domain.limits import too_complex
from services.ingest.domain.parsing import ORIGINAL_FILENAME
from services.ingest.domain.quarantine import read_message

CORPUS = Path(__file__).parent / "corpus"
HEAD = (
    b"From: Anna <anna@example.org>\r\nSubject: Bombe\r\nMessage-ID: <bomb@example.org>\r\n"
    b"Auto-Submitted: auto-generated\r\n"
)


def many_parts(count: int) -> bytes:
    parts = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(count))
    return HEAD + b"Content-Type: multipart/mixed; boundary=b\r\n\r\n" + parts + b"--b--\r\n"


def deep_multipart(depth: int) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\ninnen\r\n"
    for level in range(depth):
        body = b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n%s\r\n--b%d--\r\n" % (
            level,
            level,
            body,
            level,
        )
    return HEAD + body


def deep_forward(depth: int) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\ninnen\r\n"
    for _ in range(depth):
        body = b"Content-Type: message/rfc822\r\n\r\nSubject: Fwd\r\n" + body
    return HEAD + body


def huge_header(size: int) -> bytes:
    line = b"X-Filler: " + b"a" * 68 + b"\r\n"
    return HEAD + line * (size // len(line)) + b"\r\nbody\r\n"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (many_parts(10_000), "more than 1000 MIME parts"),
        (deep_multipart(1_000), "more than 100 multipart containers (nesting too deep)"),
        (deep_forward(1_000), "more than 50 encapsulated messages (nesting too deep)"),
        (huge_header(50 * 1024 * 1024), "header section larger than 1048576 bytes"),
    ],
    ids=["10000-parts", "1000-deep-multipart", "1000-deep-forward", "50MB-header"],
)
def test_bombs_are_quarantined_with_the_raw_message_and_a_glimpse(raw: bytes, reason: str) -> None:
    message = read_message(raw, "anna@example.org")
    assert message.quarantined
    assert message.problems == [f"quarantined: {reason}"]
    (original,) = message.attachments
    assert (original.filename, original.content) == (ORIGINAL_FILENAME, raw)
    assert message.sender is not None and message.sender.address == "anna@example.org"
    assert (message.subject, message.message_id) == ("Bombe", "<bomb@example.org>")
    assert message.auto_submitted
    assert message.text_body == "" and message.html_body is None


def test_ordinary_mail_is_within_the_limits() -> None:
    for path in CORPUS.glob("*.eml"):
        assert too_complex(path.read_bytes()) is None, path.name
    assert too_complex(many_parts(500)) is None
    assert not read_message(many_parts(500), "anna@example.org").quarantined
