"""The admin forms (mail accounts, postmaster filters) turned into ingest API bodies, without I/O.

Only the shape is checked here; ingest validates the values (a port range, a
regular expression) and its refusal is shown beside the form.
"""

from __future__ import annotations

from typing import Any

from services.gateway.forms import Fields, FormInvalid
from services.gateway.labels import N_

ACCOUNT_TEXTS = ("name", "protocol", "host", "security", "username", "folder", "after_fetch")
FILTER_ACTIONS = ("queue", "state", "type", "title", "customer", "owner")


def _number(fields: Fields, name: str, message: str) -> int:
    try:
        return int(fields.get(name, "").strip())
    except ValueError:
        raise FormInvalid(message) from None


def account(fields: Fields, creating: bool) -> dict[str, Any]:
    """A mail account; the password only when one was typed (an edit keeps the stored one)."""
    body: dict[str, Any] = {name: fields.get(name, "").strip() for name in ACCOUNT_TEXTS}
    body["port"] = _number(fields, "port", N_("Enter a port number."))
    body["poll_interval"] = _number(fields, "poll_interval", N_("Enter the poll interval in seconds."))
    body["queue"] = fields.get("queue", "").strip() or None
    for flag in ("verify_tls", "trusted", "enabled"):
        body[flag] = fields.get(flag) == "on"
    password = fields.get("password", "")
    if password:
        body["password"] = password
    elif creating:
        raise FormInvalid(N_("Enter the password of the mailbox."))
    return body


def _match(line: str) -> dict[str, Any]:
    """``Field ~ pattern``; ``Field !~ pattern`` matches when the pattern does not."""
    at = line.find("~")  # the first one: a pattern may contain more
    negate = at > 0 and line[at - 1] == "!"
    field, pattern = line[: at - 1 if negate else at], line[at + 1 :]
    if at < 0 or not field.strip() or not pattern.strip():
        raise FormInvalid(N_("Write each condition as 'Field ~ pattern', one per line."))
    return {"field": field.strip(), "pattern": pattern.strip(), "negate": negate}


def matches_text(matches: list[dict[str, Any]]) -> str:
    """The filter's conditions as the form shows them (the reverse of ``_match``)."""
    return "\n".join(f"{m['field']} {'!~' if m.get('negate') else '~'} {m['pattern']}" for m in matches)


def postmaster_filter(fields: Fields) -> dict[str, Any]:
    lines = [line for line in fields.get("matches", "").splitlines() if line.strip()]
    if not lines:
        raise FormInvalid(N_("Write each condition as 'Field ~ pattern', one per line."))
    actions: dict[str, Any] = {name: fields.get(name, "").strip() or None for name in FILTER_ACTIONS}
    priority = fields.get("priority", "").strip()
    actions["priority"] = _number(fields, "priority", N_("Choose a priority.")) if priority else None
    actions["tags"] = [tag.strip() for tag in fields.get("tags", "").split(",") if tag.strip()]
    actions["ignore"] = fields.get("ignore") == "on"
    return {
        "name": fields.get("name", "").strip(),
        "position": _number(fields, "position", N_("Enter a position (a whole number).")),
        "enabled": fields.get("enabled") == "on",
        "stop": fields.get("stop") == "on",
        "matches": [_match(line) for line in lines],
        "actions": actions,
    }
