"""An upstream filter's spam verdict, read from its headers (e.g. SpamAssassin's ``X-Spam-Flag: YES``)."""

from __future__ import annotations


def parse_flags(flags: list[str]) -> list[tuple[str, str]]:
    """``["X-Spam-Flag: YES"]`` -> ``[("x-spam-flag", "yes")]``; an entry without a colon is ignored."""
    pairs = []
    for flag in flags:
        name, colon, value = flag.partition(":")
        if colon and name.strip():
            pairs.append((name.strip().lower(), value.strip().lower()))
    return pairs


def spam_flag(headers: list[tuple[str, str]], flags: list[tuple[str, str]]) -> str | None:
    """The first header that carries a spam flag ("Name: value"), or None.

    A header counts when its name equals a flag's and its value starts with the
    flag's value, so ``X-Spam-Status: Yes, score=7.1`` matches ``X-Spam-Status: Yes``.
    """
    for name, value in headers:
        for flag_name, flag_value in flags:
            if name.lower() == flag_name and value.strip().lower().startswith(flag_value):
                return f"{name}: {value.strip()[:200]}"
    return None
