"""Posted UI forms turned into tickets API request bodies, without I/O.

Only the shape is checked here (a text is there, a number is a number); what an
agent may do is for tickets to decide. A form that cannot become a request
raises :class:`FormInvalid` with an English message id, shown translated.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.gateway.presentation.labels import N_


class FormInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    content: bytes


Fields = Mapping[str, str]
Builder = Callable[[Fields, list[Upload], ZoneInfo], dict[str, Any]]


def _text(fields: Fields, name: str) -> str:
    return fields.get(name, "").strip()


def _required(fields: Fields, name: str, message: str) -> str:
    value = _text(fields, name)
    if not value:
        raise FormInvalid(message)
    return value


def _body(fields: Fields) -> str:
    return _required(fields, "body_text", N_("Please write a text."))


def _attachments(uploads: list[Upload]) -> list[dict[str, str]]:
    return [
        {
            "filename": u.filename,
            "content_type": u.content_type or "application/octet-stream",
            "content_b64": base64.b64encode(u.content).decode(),
        }
        for u in uploads
    ]


def _addresses(value: str) -> list[str]:
    return [a.strip() for a in value.replace(";", ",").split(",") if a.strip()]


def version(fields: Fields) -> int | None:
    """The ticket version the agent saw; sent as ``If-Match``."""
    value = _text(fields, "version")
    return int(value) if value.isdigit() else None


def pending_until(value: str, zone: ZoneInfo) -> str | None:
    """A ``datetime-local`` value, meant in the UI's time zone, as an aware ISO time."""
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=zone).isoformat()
    except ValueError:
        raise FormInvalid(N_("The pending date is not a valid date and time.")) from None


def _priority(fields: Fields) -> int:
    value = _text(fields, "priority")
    if not value.isdigit() or not 1 <= int(value) <= 5:
        raise FormInvalid(N_("Choose a priority from 1 to 5."))
    return int(value)


def note(fields: Fields, uploads: list[Upload], zone: ZoneInfo) -> dict[str, Any]:
    return {
        "subject": _text(fields, "subject"),
        "body_text": _body(fields),
        "visible_for_customer": fields.get("visible_for_customer") == "on",
        "attachments": _attachments(uploads),
    }


def reply(fields: Fields, uploads: list[Upload], zone: ZoneInfo) -> dict[str, Any]:
    body: dict[str, Any] = {
        "to": _addresses(fields.get("to", "")),
        "cc": _addresses(fields.get("cc", "")),
        "body_text": _body(fields),
        "attachments": _attachments(uploads),
    }
    if _text(fields, "subject"):
        body["subject"] = _text(fields, "subject")
    if _text(fields, "template_id").isdigit():  # a picked standard answer: tickets attaches its files
        body["template_id"] = int(_text(fields, "template_id"))
    return body


def forward(fields: Fields, uploads: list[Upload], zone: ZoneInfo) -> dict[str, Any]:
    """Forward one article: tickets quotes it below the agent's text and attaches all its files."""
    to = _addresses(fields.get("to", ""))
    if not to:
        raise FormInvalid(N_("Enter at least one address to forward to."))
    article = _text(fields, "article_id")
    if not article.isdigit():
        raise FormInvalid(N_("Choose the article to forward."))
    return {
        "to": to,
        "cc": _addresses(fields.get("cc", "")),
        "body_text": _text(fields, "body_text"),
        "article_id": int(article),
        "visible_for_customer": fields.get("visible_for_customer") == "on",
    }


def tags(fields: Fields, uploads: list[Upload], zone: ZoneInfo) -> dict[str, Any]:
    """One tag or several, separated by commas."""
    named = [t.strip() for t in fields.get("tags", "").split(",") if t.strip()]
    if not named:
        raise FormInvalid(N_("Enter a tag."))
    return {"tags": named}


def state(fields: Fields, uploads: list[Upload], zone: ZoneInfo) -> dict[str, Any]:
    chosen = _required(fields, "state", N_("Choose a state."))
    return {"state": chosen, "pending_until": pending_until(fields.get("pending_until", ""), zone)}


def split(fields: Fields, uploads: list[Upload], zone: ZoneInfo) -> dict[str, Any]:
    article = _text(fields, "article_id")
    if not article.isdigit():
        raise FormInvalid(N_("Choose the article to split off."))
    queue, title = _text(fields, "queue") or None, _text(fields, "title") or None
    return {"article_id": int(article), "queue": queue, "title": title}


def _one(name: str, message: str) -> Builder:
    return lambda fields, uploads, zone: {name: _required(fields, name, message)}


def _empty(fields: Fields, uploads: list[Upload], zone: ZoneInfo) -> dict[str, Any]:
    return {}


# action (the tickets API's path segment) -> how its form becomes a request body
ACTIONS: dict[str, Builder] = {
    "notes": note,
    "reply": reply,
    "move": _one("queue", N_("Choose a queue.")),
    "lock": _empty,
    "unlock": _empty,
    "owner": _one("owner", N_("Choose an agent.")),
    "responsible": _one("responsible", N_("Choose an agent.")),
    "state": state,
    "priority": lambda fields, uploads, zone: {"priority": _priority(fields)},
    "split": split,
    "merge": _one("into", N_("Enter the number of the ticket to merge into.")),
    "watch": _empty,
    "unwatch": _empty,
    "link": lambda fields, uploads, zone: {
        "number": _required(fields, "number", N_("Enter the number of the ticket to link.")),
        "type": "child" if fields.get("type") == "child" else "normal",
    },
    "forward": forward,
    "tags": tags,
    "untag": lambda fields, uploads, zone: {"tags": [_required(fields, "tag", N_("Enter a tag."))]},
}

# A form whose tickets API call is not ``POST /tickets/{number}/<the form's name>``: (method, path segment).
API_CALLS: dict[str, tuple[str, str]] = {"untag": ("DELETE", "tags")}


def phone_ticket(fields: Fields, uploads: list[Upload]) -> dict[str, Any]:
    """A new phone ticket: the caller's address, the queue, a title and what was said."""
    return {
        "origin": "phone",
        "queue": _required(fields, "queue", N_("Choose a queue.")),
        "title": _required(fields, "title", N_("Enter a title.")),
        "body_text": _body(fields),
        "customer_email": _text(fields, "customer_email") or None,
        "priority": _priority(fields),
        "attachments": _attachments(uploads),
    }


def portal_ticket(fields: Fields, uploads: list[Upload]) -> dict[str, Any]:
    """A customer's new ticket in the portal: a title, the text, files."""
    return {
        "title": _required(fields, "title", N_("Enter a title.")),
        "body_text": _body(fields),
        "attachments": _attachments(uploads),
    }


def portal_answer(fields: Fields, uploads: list[Upload]) -> dict[str, Any]:
    """A customer's answer on one of his tickets."""
    return {"body_text": _body(fields), "attachments": _attachments(uploads)}
