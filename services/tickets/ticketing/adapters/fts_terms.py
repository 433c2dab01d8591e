"""Search terms for SQLite FTS5, which has no German stemmer: we stem in Python.

Every word is indexed as its German and its English Snowball stem, so
"Basketballkörbe" and "Basketballkorb" meet at "basketballkorb" (the German
stemmer also drops umlauts), and "donations" meets "donation". PostgreSQL does
the same with its own ``german`` and ``english`` text search configurations.
"""

from __future__ import annotations

import re

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = (snowballstemmer.stemmer("german"), snowballstemmer.stemmer("english"))


def stems(word: str) -> list[str]:
    word = word.lower()
    found: list[str] = []
    for stemmer in _STEMMERS:
        stem = stemmer.stemWord(word)
        if stem and stem not in found:
            found.append(stem)
    return found


def index_text(text: str) -> str:
    """The text as FTS5 stores it: every word replaced by its stems."""
    return " ".join(" ".join(stems(w)) for w in _WORD.findall(text))


def fts5_query(query: str) -> str | None:
    """Every word must match by one of its stems; None when the query has no words."""
    words = _WORD.findall(query)
    if not words:
        return None
    return " AND ".join("(" + " OR ".join(f'"{s}"' for s in stems(w)) + ")" for w in words)
