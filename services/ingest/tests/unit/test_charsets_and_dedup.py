from __future__ import annotations

from services.ingest.domain.charsets import decode_bytes, repair
from services.ingest.domain.dedup import dedup_key
from services.ingest.domain.parsing import message_ids


def test_declared_latin1_that_is_really_utf8_is_read_as_utf8() -> None:
    assert decode_bytes("Grüße".encode(), "iso-8859-1") == ("Grüße", None)


def test_invalid_utf8_falls_back_and_says_so() -> None:
    text, problem = decode_bytes("Grüße".encode("cp1252"), "utf-8")
    assert text == "Grüße"
    assert problem == "text not valid in charset 'utf-8', decoded as cp1252"


def test_nul_and_surrogates_never_leave_the_parser() -> None:
    assert repair("a\x00b") == "ab"
    assert repair("K\udcfcche") == "Küche"


def test_message_ids() -> None:
    assert message_ids("<a@b> <c@d>\r\n <e@f>") == ["<a@b>", "<c@d>", "<e@f>"]
    assert message_ids("bare@id") == ["<bare@id>"]
    assert message_ids("not an id") == []
    assert message_ids(None) == []


def test_same_message_id_and_body_is_the_same_message_whatever_the_transport_headers() -> None:
    smtp = b"Received: from a\r\nMessage-ID: <m@x>\r\n\r\nHallo\r\n"
    pipe = b"Received: from b\nReceived: from c\nMessage-ID: <m@x>\n\nHallo\n"
    assert dedup_key("<m@x>", smtp) == dedup_key("<m@x>", pipe)
    assert dedup_key("<m@x>", smtp) != dedup_key("<m@x>", smtp.replace(b"Hallo", b"Hallo!"))
    assert dedup_key("<m@x>", smtp) != dedup_key("<other@x>", smtp)
    assert dedup_key(None, smtp) != dedup_key(None, pipe), "without a Message-ID only identical bytes match"
