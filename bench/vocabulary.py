"""Words for the generated text: a few common ones and thousands of rare ones.

Real mail has both: words in nearly every message ("Verein", "Training") and
words in a handful (a name, a place, a product). A search for a rare word is
the everyday case; a search for a common one is the worst case.
"""

from __future__ import annotations

import itertools
import random

COMMON = (
    "Hallo Verein Training Platz Jugend Senioren Spende Beitrag Termin Halle Ball Trikot Mannschaft "
    "Turnier Anmeldung Frage Rechnung Quittung Vorstand Kasse Sommerfest Presse Artikel Foto danke"
).split()

_SYLLABLES = "ba ker lin dor mu sen tal rik hof wen gar sto fel bru nik zel".split()

#: 4,352 made-up words of two or three syllables ("Kerlin", "Hofwendor").
RARE = ["".join(parts).capitalize() for length in (2, 3) for parts in itertools.product(_SYLLABLES, repeat=length)]


def text_of(rng: random.Random, size: int) -> str:
    """About ``size`` characters of common words, twelve to a line."""
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(COMMON)
        words.append(word)
        length += len(word) + 1
    return "\n".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
