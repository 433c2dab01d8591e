"""The admin forms turned into API bodies (ingest: mail accounts, postmaster filters; tickets: agents,
roles, queues, customers, companies, system addresses, settings), without I/O.

Only the shape is checked here; the backend validates the values (a port range, a
regular expression) and its refusal is shown beside the form.
"""

from __future__ import annotations

from typing import Any

from services.gateway.presentation.forms import Fields, FormInvalid
from services.gateway.presentation.labels import N_

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


# The tickets admin forms. Checkbox groups are named ``prefix:value`` (``role:Kasse``,
# ``grant:Vorstand:rw``): a form posts one value per name, so each box needs its own.
PERMISSIONS = ("ro", "move_into", "create", "note", "owner", "priority", "rw")
FOLLOW_UP_POLICIES = ("reopen", "reject", "new_ticket")
# A queue's times in minutes, 0: never (unlock) or none (the escalation targets).
QUEUE_MINUTES = ("unlock_timeout_minutes", "first_response_minutes", "solution_minutes")


def checked(fields: Fields, prefix: str) -> set[str]:
    """The values of the ticked boxes named ``prefix:value``."""
    start = f"{prefix}:"
    return {name.removeprefix(start) for name, value in fields.items() if name.startswith(start) and value == "on"}


def _required(fields: Fields, name: str, message: str) -> str:
    value = fields.get(name, "").strip()
    if not value:
        raise FormInvalid(message)
    return value


def agent(fields: Fields, creating: bool) -> dict[str, Any]:
    """An agent; login and password only when creating (a password is the agent's own after that)."""
    body: dict[str, Any] = {
        "name": _required(fields, "name", N_("Enter a name.")),
        "email": _required(fields, "email", N_("Enter an email address.")),
        "language": fields.get("language", "de"),
    }
    if creating:
        body["login"] = _required(fields, "login", N_("Enter a login."))
        body["password"] = _required(fields, "password", N_("Enter a password."))
        return body
    body["valid"] = fields.get("valid") == "on"
    start, until = fields.get("ooo_from", "").strip(), fields.get("ooo_until", "").strip()
    if bool(start) != bool(until):
        raise FormInvalid(N_("Enter both the first and the last day away, or neither."))
    note = fields.get("ooo_note", "").strip() or None
    body["out_of_office"] = {"from": start, "until": until, "note": note} if start else None
    return body


def role_grants(fields: Fields) -> dict[str, list[str]]:
    """The role's permissions per group, from the boxes ``grant:<group>:<permission>``."""
    grants: dict[str, list[str]] = {}
    for pair in sorted(checked(fields, "grant")):
        group, _, permission = pair.rpartition(":")
        if permission not in PERMISSIONS or not group:
            raise FormInvalid(N_("Some values are not valid."))
        grants.setdefault(group, []).append(permission)
    return grants


def queue(fields: Fields) -> dict[str, Any]:
    """A queue; its full name is the parent's and its own, joined with ``::``."""
    name = _required(fields, "name", N_("Enter a name."))
    if "::" in name:
        raise FormInvalid(N_("Choose the parent queue from the list; the name itself has no '::'."))
    parent = fields.get("parent", "").strip()
    return {
        "name": f"{parent}::{name}" if parent else name,
        "group": _required(fields, "group", N_("Choose a group.")),
        "address": fields.get("address", "").strip() or None,
        "address_name": fields.get("address_name", "").strip(),
        "follow_up_policy": fields.get("follow_up_policy", "reopen"),
        "follow_up_state": fields.get("follow_up_state", "").strip() or "open",
        "salutation": fields.get("salutation", "").strip() or None,
        "signature": fields.get("signature", "").strip() or None,
        **{name: _minutes(fields, name) for name in QUEUE_MINUTES},
        "valid": fields.get("valid") == "on",
    }


def _minutes(fields: Fields, name: str) -> int:
    """Minutes typed into a form; empty is 0 ("never", "none")."""
    return _number(fields, name, N_("Enter the minutes (a whole number).")) if fields.get(name, "").strip() else 0


# The auto-responses of a queue (tickets' kinds), each a subject and a body named ``subject:<kind>``, ``body:<kind>``.
AUTO_RESPONSE_KINDS = ("new", "follow_up", "reject", "new_after_closed")


def auto_responses(fields: Fields) -> dict[str, dict[str, str] | None]:
    """All of a queue's auto-responses at once (tickets replaces them all); an empty body: none of that kind."""
    body: dict[str, dict[str, str] | None] = {}
    for kind in AUTO_RESPONSE_KINDS:
        subject, text = fields.get(f"subject:{kind}", "").strip(), fields.get(f"body:{kind}", "").strip()
        if subject and not text:
            raise FormInvalid(N_("An auto-response with a subject needs a text; clear both for none."))
        body[kind] = {"subject": subject, "body": text} if text else None
    return body


def auto_response_values(stored: dict[str, dict[str, str] | None]) -> dict[str, str]:
    """Tickets' auto-responses as the form's fields (the reverse of ``auto_responses``)."""
    values: dict[str, str] = {}
    for kind in AUTO_RESPONSE_KINDS:
        text = stored.get(kind) or {"subject": "", "body": ""}
        values |= {f"subject:{kind}": text["subject"], f"body:{kind}": text["body"]}
    return values


def _optional(fields: Fields, *names: str) -> dict[str, str | None]:
    return {name: fields.get(name, "").strip() or None for name in names}


def company(fields: Fields, creating: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"name": _required(fields, "name", N_("Enter a name."))}
    return (
        body | _optional(fields, "street", "city", "country", "url", "comment") | {"valid": fields.get("valid") == "on"}
    )


def customer(fields: Fields, creating: bool) -> dict[str, Any]:
    """A customer user; addresses one per line (or comma-separated), the primary one first.
    The portal password only when one was typed (an edit keeps the stored one)."""
    emails = [e.strip() for line in fields.get("emails", "").splitlines() for e in line.split(",") if e.strip()]
    if not emails:
        raise FormInvalid(N_("Enter an email address."))
    company_id = fields.get("company_id", "").strip()
    body: dict[str, Any] = {
        "name": _required(fields, "name", N_("Enter a name.")),
        "emails": emails,
        "company_id": _number(fields, "company_id", N_("Some values are not valid.")) if company_id else None,
        "sees_company": fields.get("sees_company") == "on",
        "valid": fields.get("valid") == "on",
    }
    if fields.get("password"):
        body["password"] = fields["password"]
    if creating:
        body["login"] = _required(fields, "login", N_("Enter a login."))
    return body


def system_address(fields: Fields, creating: bool) -> dict[str, Any]:
    return {
        "address": _required(fields, "address", N_("Enter an email address.")),
        "display_name": fields.get("display_name", "").strip(),
        "queue_id": _number(fields, "queue_id", N_("Choose a queue.")),
        "valid": fields.get("valid") == "on",
    }


SETTING_NUMBERS = (
    "password_min_length",
    "session_idle_minutes",
    "session_max_minutes",
    "login_max_failures",
    "login_window_minutes",
)


def runtime_settings(fields: Fields) -> dict[str, Any]:
    """All runtime settings at once, as the page shows them all; tickets checks the ranges."""
    body: dict[str, Any] = {name: _number(fields, name, N_("Enter whole numbers.")) for name in SETTING_NUMBERS}
    body["portal_ticket_creation"] = fields.get("portal_ticket_creation") == "on"
    body["default_queue"] = fields.get("default_queue", "").strip() or None
    return body
