"""``X-Umlauf-*`` headers (and ``X-OTRS-*``/``X-OTOBO-*`` for migration) that steer a ticket.

They are honoured only from a trusted source (a mail account marked trusted, or
the SMTP intake when ``UMLAUF_SMTP_TRUSTED`` is set); from anywhere else anyone
could route their mail into the board's queue, so they are removed before the
filters run.
"""

from __future__ import annotations

import re

PREFIXES = ("x-umlauf-", "x-otrs-", "x-otobo-")

FIELDS = {
    "queue": "queue",
    "priority": "priority",
    "state": "state",
    "type": "type",
    "title": "title",
    "customeruser": "customer",
    "customer": "customer",
    "owner": "owner",
    "tag": "tags",
    "tags": "tags",
    "ignore": "ignore",
}
"""Header suffix (lower case) -> Routing field."""

_TRUE = {"yes", "true", "1", "on"}


def is_control(name: str) -> bool:
    return name.lower().startswith(PREFIXES)


def split(headers: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(other headers, control headers), order kept."""
    return [h for h in headers if not is_control(h[0])], [h for h in headers if is_control(h[0])]


def field_and_value(name: str, value: str) -> tuple[str, str | int | bool | list[str]] | None:
    """What a control header asks for, or None if it asks for nothing we know or makes no sense."""
    suffix = name.lower()
    for prefix in PREFIXES:
        suffix = suffix.removeprefix(prefix)
    target = FIELDS.get(suffix)
    value = value.strip()
    if target is None or not value:
        return None
    if target == "priority":  # OTRS writes "5 very high"
        number = re.match(r"\s*([1-5])\b", value)
        return (target, int(number.group(1))) if number else None
    if target == "ignore":
        return target, value.lower() in _TRUE
    if target == "tags":
        return target, [tag.strip() for tag in value.split(",") if tag.strip()]
    return target, value
