"""Postmaster filters: admin-defined, ordered; all of a filter's matches must hold, then its actions apply.

Patterns are regular expressions (the ``regex`` module, case-insensitive) run
with a time limit on a bounded piece of the input, so an administrator's
catastrophic pattern or a hostile message cannot stall ingest: a match that
times out counts as no match and is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

BODY = "body"
"""The match field that means the message's text body; any other field is a header name."""
MAX_INPUT = 256 * 1024
"""Characters of a header or body a pattern sees."""
TIMEOUT = 0.1
"""Seconds one pattern may run against one value."""


class MatchTimedOut(Exception):
    pass


class FilterNotFound(Exception):
    pass


class FilterNameTaken(Exception):
    pass


def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """Raises ``regex.error`` for an invalid pattern (the API answers 422)."""
    return regex.compile(pattern, regex.IGNORECASE | regex.MULTILINE)


@dataclass(frozen=True)
class FilterMatch:
    field: str
    pattern: str
    negate: bool = False


@dataclass(frozen=True)
class FilterActions:
    queue: str | None = None
    priority: int | None = None
    state: str | None = None
    type: str | None = None
    title: str | None = None
    customer: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    ignore: bool = False


@dataclass(frozen=True)
class PostmasterFilter:
    name: str
    matches: tuple[FilterMatch, ...]
    actions: FilterActions = field(default_factory=FilterActions)
    stop: bool = False
    """No later filter runs once this one matched."""


def _values(match: FilterMatch, headers: list[tuple[str, str]], body: str) -> list[str]:
    if match.field.lower() == BODY:
        return [body]
    found = [value for name, value in headers if name.lower() == match.field.lower()]
    return found or [""]  # an absent header matches like an empty one (as in OTRS)


def _holds(match: FilterMatch, headers: list[tuple[str, str]], body: str) -> bool:
    pattern = compile_pattern(match.pattern)
    try:
        hit = any(pattern.search(value[:MAX_INPUT], timeout=TIMEOUT) for value in _values(match, headers, body))
    except TimeoutError as exc:
        raise MatchTimedOut(f"{match.field} =~ {match.pattern!r} ran over {TIMEOUT:g} s") from exc
    return hit != match.negate


def applies(rule: PostmasterFilter, headers: list[tuple[str, str]], body: str) -> bool:
    """Whether every match of the filter holds; raises MatchTimedOut."""
    return all(_holds(match, headers, body) for match in rule.matches)
