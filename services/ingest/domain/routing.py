"""Where a message should go, and why: account, trusted headers, spam flag, postmaster filters.

The stages run in this order and a later one overrides an earlier one's value:
1. the mail account's queue, 2. control headers (honoured if trusted, else
stripped), 3. an upstream spam flag (the spam queue), 4. the filters in order.
Each stage records a :class:`Step`, so the ticket can show why it landed where
it did. Tickets, not ingest, decides what to do with the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from services.ingest.domain import control_headers
from services.ingest.domain.filters import FilterActions, MatchTimedOut, PostmasterFilter, applies
from services.ingest.domain.spam import spam_flag

ROUTED_FIELDS = ("queue", "priority", "state", "type", "title", "customer", "owner")


@dataclass(frozen=True)
class Step:
    rule: str
    name: str
    field: str | None = None
    value: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Route:
    queue: str | None = None
    priority: int | None = None
    state: str | None = None
    type: str | None = None
    title: str | None = None
    customer: str | None = None
    owner: str | None = None
    tags: tuple[str, ...] = ()
    spam: bool = False
    ignore: bool = False


@dataclass(frozen=True)
class Source:
    """Where the message came from, as routing needs to know."""

    trusted: bool = False
    account: str | None = None
    account_queue: str | None = None


@dataclass(frozen=True)
class SpamPolicy:
    flags: list[tuple[str, str]] = field(default_factory=list)
    queue: str = "Spam"


NO_SPAM_CHECK = SpamPolicy()


@dataclass(frozen=True)
class Outcome:
    route: Route
    steps: list[Step]
    headers: list[tuple[str, str]]
    """The message's headers as announced: control headers from an untrusted source removed."""


def _set(route: Route, steps: list[Step], rule: str, name: str, target: str, value: object) -> Route:
    if target == "tags":
        tags = tuple(value) if isinstance(value, list | tuple) else (str(value),)
        steps.append(Step(rule, name, "tags", ", ".join(tags)))
        return replace(route, tags=route.tags + tuple(t for t in tags if t not in route.tags))
    steps.append(Step(rule, name, target, str(value).lower() if isinstance(value, bool) else str(value)))
    return replace(route, **{target: value})


def _apply_actions(route: Route, steps: list[Step], name: str, actions: FilterActions) -> Route:
    for target in ROUTED_FIELDS:
        value = getattr(actions, target)
        if value is not None:
            route = _set(route, steps, "filter", name, target, value)
    if actions.tags:
        route = _set(route, steps, "filter", name, "tags", list(actions.tags))
    if actions.ignore:
        route = _set(route, steps, "filter", name, "ignore", True)
    return route


def route(
    headers: list[tuple[str, str]], body: str, source: Source, spam: SpamPolicy, filters: list[PostmasterFilter]
) -> Outcome:
    steps: list[Step] = []
    result = Route()
    if source.account and source.account_queue:
        result = _set(result, steps, "account", source.account, "queue", source.account_queue)
    kept, control = control_headers.split(headers)
    if source.trusted:
        kept = headers
        for name, value in control:
            asked = control_headers.field_and_value(name, value)
            if asked is None:
                steps.append(Step("header", name, detail=f"not applied: unknown header or value {value[:100]!r}"))
            else:
                result = _set(result, steps, "header", name, *asked)
    elif control:
        steps.append(Step("stripped", "untrusted source", detail=", ".join(sorted({n for n, _ in control}))))
    flag = spam_flag(kept, spam.flags)
    if flag is not None:
        result = _set(result, steps, "spam", flag, "queue", spam.queue)
        result = replace(result, spam=True)
    for rule in filters:
        try:
            matched = applies(rule, kept, body)
        except MatchTimedOut as exc:
            steps.append(Step("filter", rule.name, detail=f"not applied: {exc}"))
            continue
        if matched:
            result = _apply_actions(result, steps, rule.name, rule.actions)
            if rule.stop:
                break
    return Outcome(result, steps, kept)
