"""When are two deliveries the same message? Same Message-ID and the same body.

Header lines such as ``Received`` differ between two deliveries of one message,
so they are left out; without a Message-ID only identical bytes count as the same.
"""

from __future__ import annotations

import hashlib


class CopyAnnouncedMeanwhile(Exception):
    """Another copy of the same message was announced while this one was being routed."""


def dedup_key(message_id: str | None, raw: bytes) -> str:
    if not message_id:
        return hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(message_id.encode("utf-8", "replace") + b"\x00" + _body(raw)).hexdigest()


def _body(raw: bytes) -> bytes:
    ends = [i + len(sep) for sep in (b"\r\n\r\n", b"\n\n") if (i := raw.find(sep)) >= 0]
    body = raw[min(ends) :] if ends else b""
    return body.replace(b"\r\n", b"\n")  # the same mail over SMTP (CRLF) and through a pipe (LF)
