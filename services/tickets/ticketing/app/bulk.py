"""Bulk actions: the same changes on many tickets, atomic per ticket, a result per ticket.

One ticket failing (hidden, forbidden, locked, invalid) does not stop the others;
each ticket's changes commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.tickets.errors import DomainError
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.app.actions import Action, ActionContext, apply
from services.tickets.ticketing.domain.articles import Article
from services.tickets.unit_of_work import TicketsUnitOfWork


@dataclass(frozen=True)
class BulkResult:
    number: str
    ok: bool
    version: int | None = None
    error: DomainError | None = None


def combine(actions: Sequence[Action]) -> Action:
    """Run several actions on one ticket in order; the last article written is announced."""

    async def run(ctx: ActionContext) -> Article | None:
        article = None
        for action in actions:
            article = await action(ctx) or article
        return article

    return run


async def apply_to_many(
    uow: TicketsUnitOfWork, caller: Caller, numbers: Sequence[str], actions: Sequence[Action]
) -> list[BulkResult]:
    results = []
    for number in dict.fromkeys(numbers):  # each ticket once, in the order given
        try:
            version = await apply(uow, caller, number, None, combine(actions))
        except DomainError as exc:
            results.append(BulkResult(number, ok=False, error=exc))
        else:
            results.append(BulkResult(number, ok=True, version=version))
    return results
