"""Which language a page is shown in."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError


def accepted_languages(header: str | None) -> list[str]:
    """Primary language tags from ``Accept-Language``, best first (q=0 dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "").split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def _primary(tag: str) -> str | None:
    try:
        return Locale.parse(tag.replace("-", "_")).language
    except (ValueError, UnknownLocaleError):
        return None


def choose_language(agent_language: str | None, accept_language: str | None, default: str, supported: set[str]) -> str:
    """The agent's setting, else the browser's preference, else the configured default."""
    for candidate in [agent_language or "", *accepted_languages(accept_language), default]:
        language = _primary(candidate) if candidate else None
        if language in supported:
            return language
    return sorted(supported)[0]
