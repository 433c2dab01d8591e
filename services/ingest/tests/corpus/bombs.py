"""Sizes and depths meant to hurt a parser; each must be quarantined or refused, never hang the service."""

from __future__ import annotations

import base64
import io
import zipfile

from services.ingest.tests.corpus.sample import Outcome, Sample, crlf, headers


def zip_bomb() -> bytes:
    """A zip that expands to 256 MiB of zeros (we never unpack it; it is only an attachment)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("zeros.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(256):
                member.write(block)
    return buffer.getvalue()


def _mime_parts(count: int) -> bytes:
    parts = "".join(f"--b\nContent-Type: text/plain\n\n{i}\n" for i in range(count))
    return crlf(
        headers(f"{count} Teile", f"parts-{count}", 'Content-Type: multipart/mixed; boundary="b"')
        + "\n"
        + parts
        + "--b--\n"
    )


def _nested(depth: int) -> bytes:
    opening = "".join(f'--n{i}\nContent-Type: multipart/mixed; boundary="n{i + 1}"\n\n' for i in range(depth))
    closing = "".join(f"--n{i}--\n" for i in reversed(range(depth)))
    body = opening + f"--n{depth}\nContent-Type: text/plain\n\ntief\n--n{depth}--\n" + closing
    return crlf(headers("Tief", f"nested-{depth}", 'Content-Type: multipart/mixed; boundary="n0"') + "\n" + body)


def _forwards(depth: int) -> bytes:
    inner = "From: a@example.org\nSubject: innen\n\ninnen\n"
    for i in range(depth):
        inner = f"From: a@example.org\nSubject: fwd {i}\nContent-Type: message/rfc822\n\n{inner}"
    return crlf(headers("Weiterleitungen", f"forwards-{depth}", "Content-Type: message/rfc822") + "\n" + inner)


def _huge_header(size: int, name: str) -> bytes:
    folded = "\n".join(" " + "x" * 76 for _ in range(size // 78))
    return crlf(headers("Großer Kopf", name, f"X-Padding:{folded}") + "\nx\n")


def samples() -> list[Sample]:
    bomb = base64.encodebytes(zip_bomb()).decode("ascii")
    zipped = crlf(
        headers("Zip", "zipbomb", 'Content-Type: multipart/mixed; boundary="z"')
        + '\n--z\nContent-Type: text/plain\n\nAnbei das Archiv.\n--z\nContent-Type: application/zip; name="42.zip"\n'
        f'Content-Disposition: attachment; filename="42.zip"\nContent-Transfer-Encoding: base64\n\n{bomb}--z--\n'
    )
    return [
        Sample("zip bomb attachment", zipped, text="Anbei das Archiv.", attachment_names=("42.zip",)),
        Sample("10,000 MIME parts", _mime_parts(10_000), Outcome.QUARANTINED),
        Sample("1,000-deep nesting", _nested(1000), Outcome.QUARANTINED),
        Sample("200 forwards in forwards", _forwards(200), Outcome.QUARANTINED),
        Sample("5 MB header", _huge_header(5 * 1024 * 1024, "header-5mb"), Outcome.QUARANTINED),
        Sample("50 MB header", _huge_header(50 * 1024 * 1024, "header-50mb"), Outcome.REFUSED),
    ]
