"""Whom the SMTP/LMTP intake accepts at RCPT, given tickets' system addresses."""

from __future__ import annotations

import pytest

from services.ingest.domain.system_addresses import RecipientPolicy, normalize

POLICY = RecipientPolicy.of(
    ["info@neudorf.example", "Kasse@Neudorf.example", "presse@verein.example"], return_paths=["umlauf@localhost"]
)


def test_addresses_are_normalized() -> None:
    assert normalize(" <Info@Neudorf.Example> ") == "info@neudorf.example"
    assert POLICY.addresses == {"info@neudorf.example", "kasse@neudorf.example", "presse@verein.example"}


@pytest.mark.parametrize(
    "recipient",
    [
        "info@neudorf.example",
        "INFO@NEUDORF.EXAMPLE",
        "kasse@neudorf.example",
        "<presse@verein.example>",
        "postmaster@neudorf.example",
        "PostMaster@Verein.Example",
        "Postmaster",
        "umlauf@localhost",
        "postmaster@localhost",
    ],
)
def test_accepted(recipient: str) -> None:
    assert POLICY.accepts(recipient)


@pytest.mark.parametrize(
    "recipient",
    [
        "niemand@neudorf.example",
        "info@neudorf.example.evil",
        "info+spende@neudorf.example",  # tickets routes exact addresses only
        "postmaster@elsewhere.example",
        "info",
        "",
    ],
)
def test_refused(recipient: str) -> None:
    assert not POLICY.accepts(recipient)


def test_an_empty_snapshot_accepts_only_postmaster_and_return_paths() -> None:
    empty = RecipientPolicy.of([], return_paths=["umlauf@localhost"])
    assert not empty.accepts("info@neudorf.example")
    assert empty.accepts("umlauf@localhost") and empty.accepts("postmaster")
