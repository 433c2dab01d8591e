"""Texts with variables: auto-responses, salutations, signatures (and later standard answers).

Variables use Jinja2 syntax in a sandbox, e.g. ``{{ ticket.number }}``,
``{{ ticket.title }}``, ``{{ customer.email }}``, ``{{ customer.name }}``,
``{{ queue.name }}``. An auto-response never offers the sender's own text (RFC 3834:
an auto-reply must not carry the original message back to its sender).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)

COMPILED_CACHE_SIZE = 256
"""Compiled texts kept: every queue's auto-responses, salutations and signatures fit."""


@lru_cache(maxsize=COMPILED_CACHE_SIZE)
def _compiled(text: str) -> Template:
    """``text`` compiled once and reused; keyed by the text, so an edited text compiles anew.

    A template that does not compile raises each time (errors are not cached).
    """
    return _ENV.from_string(text)


@dataclass(frozen=True)
class TicketVars:
    number: str
    title: str


@dataclass(frozen=True)
class CustomerVars:
    email: str
    name: str


@dataclass(frozen=True)
class QueueVars:
    name: str


def render(text: str, *, ticket: TicketVars, customer: CustomerVars, queue: QueueVars) -> str:
    """Render ``text``; a broken template is sent as written rather than losing the mail."""
    try:
        return _compiled(text).render(ticket=ticket, customer=customer, queue=queue)
    except TemplateError:
        return text


def problem(text: str) -> str | None:
    """Why ``text`` does not render (syntax, unknown variable, sandbox), or None when it does.

    Checked with sample values when an administrator saves a text, so that a broken
    one is refused then rather than sent as written later.
    """
    sample = {
        "ticket": TicketVars(number="2026010110000011", title="Beispiel"),
        "customer": CustomerVars(email="kunde@example.org", name="Kunde"),
        "queue": QueueVars(name="Beispiel"),
    }
    try:
        _compiled(text).render(**sample)
    except TemplateError as exc:
        return exc.message or type(exc).__name__
    return None


def compose(*parts: str | None) -> str:
    """Salutation, body and signature, separated by blank lines, skipping empty parts."""
    return "\n\n".join(p.strip("\n") for p in parts if p and p.strip())
