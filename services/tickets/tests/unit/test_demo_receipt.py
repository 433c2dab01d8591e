"""The demo's receipt is a well-formed PDF: every cross-reference entry points at its object."""

from __future__ import annotations

import re

from services.tickets.directory.demo import receipt_pdf


def test_receipt_pdf_cross_references_point_at_their_objects():
    pdf = receipt_pdf()
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    startxref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[startxref:].startswith(b"xref\n0 6\n")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n ", pdf)]
    assert len(offsets) == 5
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)
    stream = re.search(rb"<< /Length (\d+) >>\nstream\n", pdf)
    length = int(stream.group(1))
    assert pdf[stream.end() + length :].startswith(b"\nendstream")
