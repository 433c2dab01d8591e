"""Turning bytes of unknown honesty into text.

Real mail lies about its charset: ``iso-8859-1`` that is really windows-1252,
``us-ascii`` that is UTF-8, names no codec knows (``x-unknown``, ``utf-8lias``).
We try the declared charset (through a small alias table), then UTF-8, then
windows-1252, then Latin-1, which cannot fail; every fallback is reported.
"""

from __future__ import annotations

import codecs

# Labels that mailers use but Python does not know, or knows as a smaller set
# than what is meant (WHATWG encoding standard: latin-1 and ascii mean windows-1252).
ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-7": "utf-7",
    "x-mac-roman": "mac_roman",
}


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when no codec is known."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, label: str | None) -> tuple[str, str | None]:
    """Decode ``data`` declared as ``label``; return the text and a problem, if any."""
    codec = codec_for(label)
    candidates: list[str] = []
    if codec is None or codec == "cp1252":
        # Unlabelled, unknown, or "ascii"/"latin-1": UTF-8 is the likeliest truth.
        candidates.append("utf-8")
    if codec is not None:
        candidates.append(codec)
    candidates += [c for c in ("utf-8", "cp1252") if c not in candidates]
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        return _tidy(text), _problem(label, codec, candidate)
    return _tidy(data.decode("latin-1")), _problem(label, codec, "latin-1")


def _problem(label: str | None, codec: str | None, used: str) -> str | None:
    if not label:
        return None if used == "utf-8" else f"unlabelled 8-bit text, decoded as {used}"
    if codec is None:
        return f"unknown charset {label!r}, decoded as {used}"
    if used == codec or (used == "utf-8" and codec == "cp1252"):
        return None  # as declared, or UTF-8 behind an "ascii"/"latin-1" label (too common to report)
    return f"text not valid in charset {label!r}, decoded as {used}"


def repair(text: str) -> str:
    """Repair a string from the email library: raw 8-bit bytes (surrogate escapes) decoded, NULs gone."""
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raw = text.encode("utf-8", "surrogateescape")
        text = decode_bytes(raw, None)[0]
    return _tidy(text)


def _tidy(text: str) -> str:
    """No NUL characters and no lone surrogates: neither PostgreSQL nor JSON accepts them."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text
