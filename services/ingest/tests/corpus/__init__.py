"""A corpus of real-world-shaped and hostile messages, generated in code (no binary fixtures).

``corpus()`` returns every sample with what the service must make of it: an
announced event (perhaps quarantined), or a refusal at SMTP. Modules:
``charsets`` (one message per charset real mail uses), ``shapes`` (what mail
programs and mail servers send), ``hostile`` (XSS, injection, lying headers)
and ``bombs`` (sizes and depths meant to hurt a parser).
"""

from __future__ import annotations

from services.ingest.tests.corpus import bombs, charsets, hostile, shapes
from services.ingest.tests.corpus.sample import Sample


def corpus() -> list[Sample]:
    return [*charsets.samples(), *shapes.samples(), *hostile.samples(), *bombs.samples()]
